#!/usr/bin/env python3
"""The staff console in a real browser (Debian's chromium and chromedriver, Selenium, headless).

Run by `make test` while the test city's services and console run (scripts/services.sh start
test), with the city's environment (.run/test/env) in the process's environment. Staff accounts
are made with `jardamctl staff add` as an operator would; codes are computed from the enrolment
address the page shows, as a phone's authenticator app would. Each step asserts what the page
shows; a screenshot of each page is kept under .build/console-screenshots/.

Exit status: 0 when every step passed, 1 otherwise (each failure printed).
"""
import base64
import hashlib
import json
import os
import re
import ssl
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import pyotp
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOTS = os.path.join(ROOT, ".build", "console-screenshots")
JARDAMCTL = os.path.join(ROOT, ".build", "debug", "jardamctl")
CONSOLE = f"https://127.0.0.1:{os.environ['CONSOLE_HTTP_PORT']}"
RUN = uuid.uuid4().hex[:6]
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def staff_add(username, name, roles, language, partner=None):
    """`jardamctl staff add`; returns the one-time password it printed."""
    command = [JARDAMCTL, "staff", "add", "--username", username, "--name", name, "--language", language]
    for role in roles:
        command += ["--role", role]
    if partner:
        command += ["--partner", partner]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return re.search(r"^password: (\S+)$", output, re.MULTILINE).group(1)


def referral_of(case_id):
    """The referral legal-referral proposed for `case_id`, read with a supervisor's token as a
    partner's system would (it comes from the case's event: waited for)."""
    token = subprocess.run([JARDAMCTL, "token", "issue", "--role", "supervisor", "--city", os.environ["JARDAM_CITY"]],
                           check=True, capture_output=True, text=True).stdout.strip()
    context = ssl.create_default_context(cafile=os.environ["TLS_CA_FILE"])
    url = f"https://127.0.0.1:{os.environ['LEGAL_HTTP_PORT']}/v1/referrals?caseId={case_id}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, context=context) as response:
            items = [item for item in json.load(response)["items"] if item.get("partnerId") and item["status"] == "proposed"]
        if items:
            return items[0]
        time.sleep(0.5)
    return None


def spki_pin(certificate_file):
    """The base64 SHA-256 of the server certificate's public key: chromium trusts that key only."""
    with open(certificate_file, "rb") as handle:
        certificate = x509.load_pem_x509_certificate(handle.read())
    public = certificate.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(public).digest()).decode()


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                     f"--ignore-certificate-errors-spki-list={spki_pin(os.environ['TLS_SERVER_CERT'])}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shot(driver, name):
    VISITED.append(driver.current_url)
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))


def no_canary(driver, whose):
    """The page open now shows nothing of the canary: the role reading it may not."""
    page = driver.page_source
    check(FAMILY not in page and LATIN not in page, f"{whose}: no trace of her name in the page")


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def fill(driver, **fields):
    for name, value in fields.items():
        element = driver.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)


def submit(driver, button="main form button[type=submit]"):
    """Clicks the form's button and waits until the next page replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, button).click()

    def replaced(_):
        # While the next page loads, asking about the old one may fail with any WebDriver error.
        try:
            page.tag_name
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, 20).until(replaced)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def select(driver, name, value, within="main"):
    driver.find_element(By.CSS_SELECTOR, f"{within} select[name='{name}'] option[value='{value}']").click()


# Her birth date, phone and passport differ from run to run, so that only this run's second
# registration of her can look like a duplicate (the city keeps earlier runs' and the demo's Aigul).
SEED = int(RUN, 16)
BIRTH_DATE = f"{1985 + SEED % 20}-{1 + SEED % 12:02d}-{1 + SEED % 28:02d}"
PHONE = f"+99655{SEED % 10_000_000:07d}"
PASSPORT = f"AC{SEED % 10_000_000:07d}"
# The canary: her family name carries this run's mark, so that it can be looked for everywhere
# it must not be (pages of roles that may not read it, URLs, the services' and console's logs).
FAMILY = "Осмонова" + "".join("абвгдежзиклмнопр"[int(digit, 16)] for digit in RUN)
LATIN = "Aigul Osmonova" + "".join("abcdefghiklmnopr"[int(digit, 16)] for digit in RUN)
VISITED = []


def register_person(driver, saved=True):
    """The person form of the hotline desk, filled for Aigul Osmonova (the canary); `saved`:
    the case form is expected next (no possible duplicate stopped it)."""
    fill(driver, givenName="Айгуль", familyName=FAMILY, nameLatin=LATIN, citizenship="KG", phone=PHONE,
         documentNumber=PASSPORT)
    # A date field's typing order follows the browser's locale; the picker's value is ISO.
    driver.execute_script(f"arguments[0].value = '{BIRTH_DATE}'", driver.find_element(By.NAME, "birthDate"))
    select(driver, "sex", "female")
    kyrgyz = driver.find_element(By.CSS_SELECTOR, "input[name='languages'][value='ky']")
    check(kyrgyz.is_selected(), "the language of the call is already ticked among hers")
    submit(driver)
    if saved:
        check(driver.find_element(By.ID, "case-heading").is_displayed(), "the person is saved and the case form follows")


def api(port_variable, path, role):
    """GET `path` of the service on `port_variable` with a token of `role`, as a partner's
    system would; the decoded JSON."""
    token = subprocess.run([JARDAMCTL, "token", "issue", "--role", role, "--city", os.environ["JARDAM_CITY"]],
                           check=True, capture_output=True, text=True).stdout.strip()
    context = ssl.create_default_context(cafile=os.environ["TLS_CA_FILE"])
    request = urllib.request.Request(f"https://127.0.0.1:{os.environ[port_variable]}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, context=context) as response:
        return json.load(response)


def first_sign_in(driver, username, password, new_password):
    """Signs in for the first time: the new password, and a code where the role needs one."""
    sign_in(driver, username, password)
    codes = driver.find_elements(By.ID, "totp-uri")
    fields = {"newPassword": new_password}
    if codes:
        fields["totp"] = pyotp.parse_uri(codes[0].text).now()
    fill(driver, **fields)
    submit(driver)


def sign_in(driver, username, password, language="ru"):
    driver.get(f"{CONSOLE}/sign-in?lang={language}")
    fill(driver, username=username, password=password)
    submit(driver)


def main():
    operator, lawyer = f"op-{RUN}", f"law-{RUN}"
    operator_password = staff_add(operator, "Айгерим Осмонова", ["operator"], "ky")
    lawyer_password = staff_add(lawyer, "Бакыт", ["lawyer"], "ru", partner=str(uuid.uuid4()))
    driver = browser()
    try:
        # The sign-in page, in Kyrgyz, with a label on every field.
        driver.get(f"{CONSOLE}/sign-in?lang=ky")
        shot(driver, "01-sign-in-ky")
        check(heading(driver) == "Кызматкерлер үчүн кирүү", "the sign-in page is in Kyrgyz")
        for name in ("username", "password"):
            field = driver.find_element(By.NAME, name)
            check(driver.find_elements(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']") != [], f"{name} has a label")
        # Keyboard first: the cursor starts in the first field.
        check(driver.switch_to.active_element.get_attribute("name") == "username", "the cursor starts in the username field")

        # A wrong password: the message says so, in the page's language, and names no account.
        sign_in(driver, operator, "not the password", "ky")
        message = driver.find_element(By.ID, "message").text
        check(message == "Колдонуучунун аты же сырсөз туура эмес.", f"a wrong password is refused in Kyrgyz ({message!r})")
        shot(driver, "02-wrong-password")

        # The first sign-in: a new password and the code app's enrolment, in the account's language.
        sign_in(driver, operator, operator_password, "ky")
        check(heading(driver) == "Сырсөздү алмаштырыңыз", "the first sign-in asks for a new password")
        uri = driver.find_element(By.ID, "totp-uri").text
        check(uri.startswith("otpauth://totp/"), "the code app's enrolment address is shown")
        shot(driver, "03-first-sign-in")
        # The QR code beside it is what a phone's camera reads: zbarimg decodes the same address.
        qr = os.path.join(SHOTS, "03-totp-qr.png")
        driver.find_element(By.CSS_SELECTOR, "#totp-qr svg").screenshot(qr)
        read = subprocess.run(["zbarimg", "--quiet", "--raw", qr], capture_output=True, text=True).stdout.strip()
        check(read == uri, f"the enrolment QR code reads as the address ({read!r})")
        fill(driver, newPassword="short", totp=pyotp.parse_uri(uri).now())
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        field = driver.find_element(By.NAME, "newPassword")
        check(driver.execute_script("return arguments[0].validity.tooShort", field), "the browser itself refuses a short new password")
        fill(driver, newPassword="жаңы узун сырсөз 2026", totp=pyotp.parse_uri(uri).now())
        submit(driver)
        check(heading(driver) == "Иш столу", "signed in, the operator's desk in Kyrgyz")
        links = [a.get_attribute("pathname") for a in driver.find_elements(By.CSS_SELECTOR, "main a")]
        check(links == ["/hotline"], f"the operator is offered the hotline desk only ({links})")
        check("jardam_session" not in driver.execute_script("return document.cookie"), "the session cookie is out of the page's reach")
        shot(driver, "04-operator-desk")

        # The hotline desk: a call in Kyrgyz that needs a case, then the person and her case.
        driver.get(f"{CONSOLE}/hotline")
        check(heading(driver) == "Ишеним телефону", "the hotline desk opens in Kyrgyz")
        select(driver, "language", "ky")
        select(driver, "topic", "unpaid-wages")
        fill(driver, minutes="12")
        submit(driver)
        check(driver.find_element(By.ID, "notice").text.startswith("Чалуу жазылды"), "the call is logged")
        shot(driver, "07-hotline-call-logged")
        register_person(driver)
        check(driver.find_elements(By.ID, "duplicates") == [], "a first registration shows no duplicates")
        first_person = driver.find_element(By.CSS_SELECTOR, "#case-form input[name=personId]").get_attribute("value")
        driver.get(f"{CONSOLE}/hotline")
        fill(driver, minutes="3")
        submit(driver)
        register_person(driver, saved=False)
        warning = driver.find_elements(By.ID, "duplicates")
        check(warning != [] and "базада" in warning[0].text and driver.find_elements(By.ID, "case-heading") == [],
              "the same woman again: the possible duplicate is shown before anything of her is saved")
        shot(driver, "08-hotline-duplicate")
        submit(driver, f"#use-{first_person}")
        used = driver.find_elements(By.CSS_SELECTOR, "#case-form input[name=personId]")
        check(used != [] and used[0].get_attribute("value") == first_person and driver.find_elements(By.ID, "existing-person") != [],
              "the operator picks her record: the case opens on it")
        for name, value in (("needs", "housing"), ("needs", "legal"), ("needs", "medical"), ("needs", "employment"),
                            ("vulnerabilities", "pregnant"), ("consents", "housing"), ("consents", "legal"), ("consents", "medical"),
                            ("consents", "employment")):
            driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").click()
        submit(driver, "#case-form button[type=submit]")
        notice = driver.find_element(By.ID, "notice").text
        check(notice.startswith("Иш катталды:"), f"the case is registered ({notice!r})")
        shot(driver, "09-hotline-case-registered")
        case_id = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", notice).group(0)

        # Signing out ends the session: the desk is closed again.
        submit(driver, "#sign-out")
        driver.get(f"{CONSOLE}/")
        check(driver.current_url == f"{CONSOLE}/sign-in", f"after signing out the desk is closed ({driver.current_url})")

        # A lawyer reads no personal data: a new password, no code app.
        sign_in(driver, lawyer, lawyer_password)
        check(heading(driver) == "Смените пароль", "the lawyer's first sign-in asks for a new password, in Russian")
        check(driver.find_elements(By.ID, "totp-uri") == [] and driver.find_elements(By.NAME, "totp") == [], "a lawyer is not asked for a code")
        fill(driver, newPassword="новый длинный пароль")
        submit(driver)
        links = [a.get_attribute("pathname") for a in driver.find_elements(By.CSS_SELECTOR, "main a")]
        check(heading(driver) == "Рабочий стол" and links == ["/referrals"], f"the lawyer is offered the referral inbox only ({links})")
        shot(driver, "05-lawyer-desk")

        # The referral inbox: legal-referral proposed her case to a firm; that firm's lawyer sees and
        # accepts it, another firm's lawyer does not see it.
        referral = referral_of(case_id)
        check(referral is not None, "legal-referral proposed a referral for her case")
        if referral:
            card = f"referral-{referral['id']}"
            other = staff_add(f"other-{RUN}", "Фарход", ["lawyer"], "ru", partner=str(uuid.uuid4()))
            submit(driver, "#sign-out")
            sign_in(driver, f"other-{RUN}", other)
            fill(driver, newPassword="другой длинный пароль")
            submit(driver)
            driver.get(f"{CONSOLE}/referrals")
            check(driver.find_elements(By.ID, card) == [], "another firm's lawyer does not see the referral")
            firm = staff_add(f"firm-{RUN}", "Бакыт", ["lawyer"], "ky", partner=referral["partnerId"])
            submit(driver, "#sign-out")
            sign_in(driver, f"firm-{RUN}", firm)
            fill(driver, newPassword="жаңы узун сырсөз 2026")
            submit(driver)
            driver.get(f"{CONSOLE}/referrals")
            check(heading(driver) == "Келген жолдомолор" and driver.find_elements(By.ID, card) != [],
                  "the firm's lawyer sees the referral in its inbox, in Kyrgyz")
            shot(driver, "10-referral-inbox")
            no_canary(driver, "the lawyer's inbox")
            submit(driver, f"#{card} button[name=accept]")
            check(driver.find_element(By.ID, "notice").text == "Жолдомо кабыл алынды.", "the lawyer accepts it")
            accepted = driver.find_elements(By.ID, card)
            check(accepted != [] and accepted[0].find_element(By.CLASS_NAME, "status").text == "Кабыл алынган",
                  "it is listed among the accepted ones")
            shot(driver, "11-referral-accepted")

        # The shelters desk: the bed held for her case is confirmed and she checks in.
        manager = staff_add(f"shelter-{RUN}", "Наталья", ["shelter-manager"], "ru")
        submit(driver, "#sign-out")
        sign_in(driver, f"shelter-{RUN}", manager)
        fill(driver, newPassword="новый длинный пароль")
        submit(driver)
        held = f"#bookings-held [data-case='{case_id}']"
        deadline = time.monotonic() + 60
        driver.get(f"{CONSOLE}/shelters")
        while not driver.find_elements(By.CSS_SELECTOR, held) and time.monotonic() < deadline:
            time.sleep(0.5)
            driver.get(f"{CONSOLE}/shelters")
        check(heading(driver) == "Приюты" and driver.find_elements(By.CSS_SELECTOR, held) != [], "the bed held for her case waits for confirmation")
        check(driver.find_elements(By.CSS_SELECTOR, "#occupancy tbody tr") != [], "tonight's occupancy is shown per shelter")
        shot(driver, "12-shelters")
        no_canary(driver, "the shelters desk")
        if driver.find_elements(By.CSS_SELECTOR, held):
            submit(driver, f"{held} button[name=confirm]")
            check(driver.find_element(By.ID, "notice").text == "Бронь подтверждена.", "the manager confirms the hold")
            submit(driver, f"#bookings-confirmed [data-case='{case_id}'] button[name='check-in']")
            check(driver.find_elements(By.CSS_SELECTOR, f"#bookings-checked-in [data-case='{case_id}']") != [], "she is checked in")
            shot(driver, "13-checked-in")

        # The case page: a caseworker sees her bed and her referral, and the timeline in words.
        caseworker = staff_add(f"cases-{RUN}", "Ольга", ["caseworker"], "ru")
        submit(driver, "#sign-out")
        sign_in(driver, f"cases-{RUN}", caseworker)
        uri = driver.find_element(By.ID, "totp-uri").text
        fill(driver, newPassword="новый длинный пароль", totp=pyotp.parse_uri(uri).now())
        submit(driver)
        driver.get(f"{CONSOLE}/cases?language=ky&status=open")
        check(heading(driver) == "Дела", "the caseworker's case list")
        links = driver.find_elements(By.CSS_SELECTOR, f"a[href='/cases/{case_id}']")
        check(links != [], "her case is listed among the open Kyrgyz cases")
        shot(driver, "14-cases")
        driver.get(f"{CONSOLE}/cases/{case_id}")
        check(driver.find_element(By.ID, "case-language").text == "Кыргызча", "the case page shows her language")
        check(driver.find_element(By.ID, "person-name").text == f"Айгуль {FAMILY}", "the caseworker reads her name on the case page")
        bookings = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#bookings .status")]
        check(bookings != [], f"the case page shows her bed ({bookings})")
        referrals = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#referrals .status")]
        check("принято" in " ".join(referrals).lower() or "приняты" in " ".join(referrals).lower(), f"the case page shows the accepted referral ({referrals})")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#timeline li")) >= 3, "the case page shows the timeline")
        opened = driver.find_element(By.CSS_SELECTOR, "#timeline li").text
        check("Дело открыто (канал: горячая линия, язык: кыргызский)" in opened, f"the timeline reads in the caseworker's Russian ({opened!r})")
        shot(driver, "15-case-page")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#coverage li")) == 6, "the case page shows her coverage per service")

        # She takes the case; her list of her own cases holds it, and only it.
        submit(driver, "#take-case")
        check(driver.find_element(By.ID, "assignee").text == f"cases-{RUN}", "the caseworker takes the case")
        driver.get(f"{CONSOLE}/cases?mine=1")
        mine = [row.get_attribute("id") for row in driver.find_elements(By.CSS_SELECTOR, "#cases tbody tr")]
        check(mine == [f"case-{case_id}"], f"'mine' lists her case only ({mine})")
        driver.get(f"{CONSOLE}/cases/{case_id}")

        # The case page's actions: a consent given with an end and withdrawn, a referral, a bed,
        # and a handover the network refuses (no such city), each said on the page.
        select(driver, "purpose", "research")
        next_month = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * 86400))
        driver.execute_script(f"arguments[0].value = '{next_month}'", driver.find_element(By.NAME, "expiresOn"))
        submit(driver, "#consent-form button[type=submit]")
        check(driver.find_element(By.ID, "notice").text == "Согласие записано.", "a consent is recorded from the case page")
        research = driver.find_elements(By.CSS_SELECTOR, "#consents li[data-purpose='research']")
        check(research != [] and "дано" in research[0].text, f"research consent is given ({[r.text for r in research]})")
        submit(driver, "#consents li[data-purpose='research'] button[name=revoke]")
        check(driver.find_element(By.ID, "notice").text == "Согласие записано.", "its withdrawal is recorded")
        research = driver.find_elements(By.CSS_SELECTOR, "#consents li[data-purpose='research']")
        check(research != [] and "отозвано" in research[0].text, "and withdrawn")
        before = len(driver.find_elements(By.CSS_SELECTOR, "#referrals li"))
        select(driver, "issue", "documents")
        submit(driver, "#referral-form button[type=submit]")
        check(driver.find_element(By.ID, "notice").text == "Направление создано.", "a referral is made from the case page")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#referrals li")) == before + 1, "and listed on it")
        submit(driver, "#booking-form button[type=submit]")
        booked = driver.find_element(By.ID, "notice").text
        check(booked in ("Место забронировано.", "Мест нет: дело в листе ожидания."), f"a bed is booked or the case waitlisted ({booked!r})")
        driver.find_element(By.CSS_SELECTOR, "#job-seeker-form select[name='occupations'] option[value='9112']").click()
        submit(driver, "#job-seeker-form button[type=submit]")
        check(driver.find_element(By.ID, "notice").text == "Анкета соискателя создана.", "a job-seeker profile is made from the case page")
        matched = driver.find_elements(By.CSS_SELECTOR, "#case-matches > li")
        check(matched != [] and all(item.find_element(By.CLASS_NAME, "reasons").text for item in matched),
              f"the case page shows the vacancies she matches, with reasons ({len(matched)})")
        fill(driver, toCity="atlantis", reason="она переезжает к сестре")
        submit(driver, "#transfer-form button[type=submit]")
        refused = driver.find_elements(By.ID, "message")
        check(refused != [] and refused[0].text == "Нет согласия человека на эту работу: Передача в другой город" and heading(driver).startswith("Дело"),
              f"a handover to a city the network does not know is refused on the case page ({refused[0].text if refused else ''!r})")
        shot(driver, "15b-case-actions")
        select(driver, "language", "en", within="header")
        submit(driver, "#switch-language")
        check(heading(driver) == "Desk", "the caseworker switches her pages to English")

        # The medical desk: her coverage (none yet), the cheapest plans for a pregnant woman, a
        # policy added, and then maternity is covered.
        medical = staff_add(f"med-{RUN}", "Гульнара", ["medical-desk"], "ru")
        submit(driver, "#sign-out")
        first_sign_in(driver, f"med-{RUN}", medical, "новый длинный пароль")
        driver.get(f"{CONSOLE}/medical?caseId={case_id}")
        check(heading(driver) == "Медицинское страхование", "the medical desk opens")
        gaps = driver.find_elements(By.CSS_SELECTOR, "#coverage .gap")
        check(len(gaps) == 6, f"her case is covered for nothing yet ({len(gaps)} gaps)")
        for service in ("maternity", "emergency"):
            driver.find_element(By.CSS_SELECTOR, f"input[name='service'][value='{service}']").click()
        submit(driver, "#find-plans")
        plans = driver.find_elements(By.CSS_SELECTOR, "#plans li")
        expected = api("MEDICAL_HTTP_PORT", "/v1/plans/recommendations?services=maternity,emergency", "medical-desk")["items"]
        check(len(plans) == len(expected) and len(plans) > 0, f"the plans covering maternity and emergency are listed ({len(plans)} of {len(expected)})")
        check(plans and expected[0]["name"] in plans[0].text, "the cheapest comes first")
        shot(driver, "16-medical-desk")
        no_canary(driver, "the medical desk")
        driver.get(f"{CONSOLE}/medical?caseId={case_id}")
        select(driver, "planId", expected[0]["planId"] if expected else "")
        fill(driver, number=f"POL-{RUN}")
        today = time.strftime("%Y-%m-%d")
        next_year = f"{int(today[:4]) + 1}{today[4:]}"
        driver.execute_script(f"arguments[0].value = '{today}'; arguments[1].value = '{next_year}'",
                              driver.find_element(By.NAME, "validFrom"), driver.find_element(By.NAME, "validTo"))
        submit(driver, "#add-policy")
        check(driver.find_element(By.ID, "notice").text == "Полис оформлен.", "a policy is added to her case")
        covered = [element.find_element(By.XPATH, "..").text for element in driver.find_elements(By.CSS_SELECTOR, "#coverage .covered")]
        check("Беременность и роды: покрыто" in covered, f"now she is covered for maternity ({covered})")
        check(f"POL-{RUN}" in driver.find_element(By.ID, "policies").text, "the policy is listed")

        # The labor desk: a job-seeker profile for her case, the matches with their reasons.
        officer = staff_add(f"job-{RUN}", "Нурлан", ["employment-officer"], "ru")
        submit(driver, "#sign-out")
        first_sign_in(driver, f"job-{RUN}", officer, "новый длинный пароль")
        driver.get(f"{CONSOLE}/labor")
        check(heading(driver) == "Биржа труда", "the labor desk opens")
        check(driver.find_elements(By.CSS_SELECTOR, "#vacancies tbody tr") != [], "the open vacancies are listed")
        fill(driver, caseId=case_id, city=os.environ["JARDAM_CITY"].capitalize())
        driver.find_element(By.CSS_SELECTOR, "select[name='occupations'] option[value='9112']").click()
        submit(driver, "#find-matches")
        matches = driver.find_elements(By.CSS_SELECTOR, "#matches > li")
        check(matches != [] and all(match.find_element(By.CLASS_NAME, "reasons").text for match in matches),
              f"her matches are listed, each with its reasons ({len(matches)})")
        shot(driver, "17-labor-desk")
        no_canary(driver, "the labor desk")

        # The supervisor's dashboard: the counts are those the services give.
        supervisor = staff_add(f"sup-{RUN}", "Марина", ["supervisor"], "ru")
        submit(driver, "#sign-out")
        first_sign_in(driver, f"sup-{RUN}", supervisor, "новый длинный пароль")
        driver.get(f"{CONSOLE}/dashboard")
        check(heading(driver) == "Сводка руководителя", "the supervisor's dashboard opens")
        priority = api("INTAKE_HTTP_PORT", f"/v1/cases/{case_id}", "supervisor")["priority"]
        listed = api("INTAKE_HTTP_PORT", f"/v1/cases?status=open&priority={priority}&limit=200", "supervisor")
        shown = driver.find_element(By.ID, f"open-{priority}").text
        expected = str(len(listed["items"])) + ("" if listed.get("nextCursor") is None else " и больше")
        check(shown == expected and shown != "0", f"open {priority} cases: the dashboard shows {shown!r}, intake lists {expected!r}")
        ready = [row.find_element(By.CLASS_NAME, "ready").text for row in driver.find_elements(By.CSS_SELECTOR, "#services tbody tr")]
        check(ready == ["да"] * 6, f"the six services are ready ({ready})")
        unrouted = api("LEGAL_HTTP_PORT", "/v1/referrals?status=unrouted&limit=200", "supervisor")["items"]
        check(driver.find_element(By.ID, "referrals-unrouted").text.split(" ")[0] == str(len(unrouted)), "unrouted referrals are counted")
        shot(driver, "18-dashboard")

        # A phone-sized screen: nothing wider than the window.
        driver.set_window_size(375, 740)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 375, f"the desk fits a phone-sized screen ({width}px)")
        shot(driver, "06-phone")
    except WebDriverException as error:
        shot(driver, "failure")
        check(False, f"the browser failed at {driver.current_url}: {error.msg} (see failure.png)")
    finally:
        driver.quit()
    # Her name never travelled in a URL nor reached a log of the city's services or the console.
    check(not any(FAMILY in url or LATIN in url or "Осмонова" in urllib.parse.unquote(url) for url in VISITED),
          f"no URL carried her name ({len(VISITED)} pages)")
    logs = os.path.join(ROOT, ".run", "test", "logs")
    for name in sorted(os.listdir(logs)) if os.path.isdir(logs) else []:
        with open(os.path.join(logs, name), encoding="utf-8", errors="replace") as log:
            text = log.read()
        check(FAMILY not in text and LATIN not in text, f"{name} holds no trace of her name")
    check(os.path.isdir(logs) and len(os.listdir(logs)) >= 7, f"the seven logs were read ({logs})")
    print(f"console-browser: {len(failures)} failure(s); screenshots in {SHOTS}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
