import ConsoleAccounts

/// The words of the console's pages, by language and key (keys are what templates name:
/// `{{w.signIn}}`). Russian is complete; the others fall back to it (``ConsoleLanguage/wording``).
enum Wording {
    static let table: [ConsoleLanguage: [String: String]] = [
        .ru: [
            "signInTitle": "Вход для сотрудников", "username": "Имя пользователя", "password": "Пароль",
            "totp": "Код из приложения (6 цифр)", "newPassword": "Новый пароль (не короче 12 знаков)", "signIn": "Войти",
            "continue": "Продолжить", "signOut": "Выйти", "changePasswordTitle": "Смените пароль",
            "changePasswordHint": "Это первый вход: замените выданный пароль своим.",
            "enrolTitle": "Подключите приложение для кодов",
            "enrolHint":
                "Добавьте в приложение для кодов (Google Authenticator, FreeOTP) ключ ниже или этот адрес, затем введите код, который оно покажет.",
            "enrolKey": "Ключ",
            "totpTitle": "Код подтверждения", "wrongCredentials": "Неверное имя пользователя или пароль.",
            "locked": "Слишком много неудачных попыток: вход закрыт на 15 минут.", "totpWrong": "Код не подходит. Попробуйте ещё раз.",
            "sessionExpired": "Сеанс закончился. Войдите снова.", "csrfRefused": "Форма устарела. Откройте страницу заново.",
            "passwordTooShort": "Пароль должен быть не короче 12 знаков.", "passwordTooLong": "Пароль слишком длинный.",
            "passwordUnchanged": "Новый пароль должен отличаться от выданного.", "startTitle": "Рабочий стол",
            "welcome": "Здравствуйте", "yourPages": "Ваши разделы", "forbiddenTitle": "Нет доступа",
            "forbidden": "Эта страница не для вашей роли.", "notFoundTitle": "Не найдено", "notFound": "Такой страницы нет.",
            "language": "Язык", "hotline": "Горячая линия", "cases": "Дела", "referrals": "Входящие направления",
            "shelters": "Приюты", "medical": "Медицинское страхование", "labor": "Биржа труда", "dashboard": "Сводка руководителя",
            "skipToContent": "Перейти к содержанию",
            "logCall": "Записать звонок", "callLanguage": "Язык звонка", "topic": "Тема", "minutes": "Длительность, минут",
            "resolvedByPhone": "Вопрос решён по телефону", "logCallButton": "Записать звонок", "callLogged": "Звонок записан.",
            "callLoggedNeedsCase": "Звонок записан. Зарегистрируйте человека и дело.", "registerPerson": "Человек",
            "givenName": "Имя", "familyName": "Фамилия", "nameLatin": "Имя латиницей (как в паспорте)", "birthDate": "Дата рождения",
            "sex": "Пол", "citizenship": "Гражданство (код страны, например KG)", "personLanguages": "Языки, на которых она говорит",
            "phone": "Телефон", "documentType": "Документ", "documentNumber": "Номер документа", "registerCase": "Дело",
            "possibleDuplicates": "Возможно, этот человек уже есть в базе. Выберите запись, если это она:",
            "keepNewPerson": "Это другой человек: оставить новую запись", "caseLanguage": "Язык дела", "needs": "Что нужно",
            "vulnerabilities": "Особые обстоятельства", "consents": "Согласия", "consentsHint": "Отметьте только то, на что человек согласился.",
            "registerCaseButton": "Зарегистрировать дело", "caseRegistered": "Дело зарегистрировано:", "nextCall": "Следующий звонок",
            "unavailableTitle": "Сервис недоступен", "unavailable": "Сервис сейчас не отвечает. Попробуйте через минуту.",
        ],
        .ky: [
            "signInTitle": "Кызматкерлер үчүн кирүү", "username": "Колдонуучунун аты", "password": "Сырсөз",
            "totp": "Тиркемедеги код (6 сан)", "newPassword": "Жаңы сырсөз (12 белгиден кем эмес)", "signIn": "Кирүү",
            "continue": "Улантуу", "signOut": "Чыгуу", "changePasswordTitle": "Сырсөздү алмаштырыңыз",
            "changePasswordHint": "Бул биринчи кирүү: берилген сырсөздү өзүңүздүкүнө алмаштырыңыз.",
            "enrolTitle": "Код тиркемесин туташтырыңыз",
            "enrolHint":
                "Код тиркемесине (Google Authenticator, FreeOTP) төмөнкү ачкычты же даректи кошуңуз, андан кийин ал көрсөткөн кодду жазыңыз.",
            "enrolKey": "Ачкыч",
            "totpTitle": "Ырастоо коду", "wrongCredentials": "Колдонуучунун аты же сырсөз туура эмес.",
            "locked": "Өтө көп ийгиликсиз аракет: кирүү 15 мүнөткө жабылды.", "totpWrong": "Код туура эмес. Кайра аракет кылыңыз.",
            "sessionExpired": "Сеанс бүттү. Кайра кириңиз.", "csrfRefused": "Форманын мөөнөтү өттү. Баракты кайра ачыңыз.",
            "passwordTooShort": "Сырсөз 12 белгиден кем болбошу керек.", "passwordTooLong": "Сырсөз өтө узун.",
            "passwordUnchanged": "Жаңы сырсөз берилгенден башка болушу керек.", "startTitle": "Иш столу",
            "welcome": "Саламатсызбы", "yourPages": "Сиздин бөлүмдөр", "forbiddenTitle": "Кирүүгө уруксат жок",
            "forbidden": "Бул барак сиздин ролуңуз үчүн эмес.", "notFoundTitle": "Табылган жок", "notFound": "Мындай барак жок.",
            "language": "Тил", "hotline": "Ишеним телефону", "cases": "Иштер", "referrals": "Келген жолдомолор",
            "shelters": "Баш калкалоочу жайлар", "medical": "Медициналык камсыздандыруу", "labor": "Эмгек биржасы",
            "dashboard": "Жетекчинин көрсөткүчтөрү", "skipToContent": "Мазмунга өтүү",
            "logCall": "Чалууну жазуу", "callLanguage": "Чалуунун тили", "topic": "Тема", "minutes": "Узактыгы, мүнөт",
            "resolvedByPhone": "Маселе телефон аркылуу чечилди", "logCallButton": "Чалууну жазуу", "callLogged": "Чалуу жазылды.",
            "callLoggedNeedsCase": "Чалуу жазылды. Адамды жана ишти каттаңыз.", "registerPerson": "Адам", "givenName": "Аты",
            "familyName": "Фамилиясы", "nameLatin": "Латын тамгалары менен аты (паспорттогудай)", "birthDate": "Туулган күнү",
            "sex": "Жынысы", "citizenship": "Жарандыгы (өлкөнүн коду, мисалы KG)", "personLanguages": "Ал сүйлөгөн тилдер",
            "phone": "Телефон", "documentType": "Документ", "documentNumber": "Документтин номери", "registerCase": "Иш",
            "possibleDuplicates": "Бул адам базада мурунтан бар болушу мүмкүн. Эгер ошол болсо, жазууну тандаңыз:",
            "keepNewPerson": "Бул башка адам: жаңы жазууну калтыруу", "caseLanguage": "Иштин тили", "needs": "Эмне керек",
            "vulnerabilities": "Өзгөчө жагдайлар", "consents": "Макулдуктар", "consentsHint": "Адам макул болгондорун гана белгилеңиз.",
            "registerCaseButton": "Ишти каттоо", "caseRegistered": "Иш катталды:", "nextCall": "Кийинки чалуу",
            "unavailableTitle": "Кызмат жеткиликсиз", "unavailable": "Кызмат азыр жооп бербей жатат. Бир мүнөттөн кийин аракет кылыңыз.",
        ],
        .en: [
            "signInTitle": "Staff sign-in", "username": "Username", "password": "Password", "totp": "Code from your app (6 digits)",
            "newPassword": "New password (12 characters or more)", "signIn": "Sign in", "continue": "Continue", "signOut": "Sign out",
            "changePasswordTitle": "Change your password",
            "changePasswordHint": "This is your first sign-in: replace the password you were given with your own.",
            "enrolTitle": "Connect your code app",
            "enrolHint": "Add the key below, or this address, to your code app (Google Authenticator, FreeOTP), then type the code it shows.",
            "enrolKey": "Key",
            "totpTitle": "Confirmation code", "wrongCredentials": "Wrong username or password.",
            "locked": "Too many failed attempts: signing in is closed for 15 minutes.", "totpWrong": "The code does not match. Try again.",
            "sessionExpired": "Your session ended. Sign in again.", "csrfRefused": "The form is out of date. Open the page again.",
            "passwordTooShort": "The password must have at least 12 characters.", "passwordTooLong": "The password is too long.",
            "passwordUnchanged": "The new password must differ from the one you were given.", "startTitle": "Desk",
            "welcome": "Hello", "yourPages": "Your pages", "forbiddenTitle": "No access", "forbidden": "This page is not for your role.",
            "notFoundTitle": "Not found", "notFound": "There is no such page.", "language": "Language", "hotline": "Hotline desk",
            "cases": "Cases", "referrals": "Referral inbox", "shelters": "Shelters", "medical": "Medical desk", "labor": "Labor desk",
            "dashboard": "Supervisor dashboard", "skipToContent": "Skip to content",
            "logCall": "Log a call", "callLanguage": "Language of the call", "topic": "Topic", "minutes": "Length, minutes",
            "resolvedByPhone": "Solved on the phone", "logCallButton": "Log the call", "callLogged": "The call is logged.",
            "callLoggedNeedsCase": "The call is logged. Register the person and the case.", "registerPerson": "Person",
            "givenName": "Given name", "familyName": "Family name", "nameLatin": "Name in Latin letters (as in the passport)",
            "birthDate": "Date of birth", "sex": "Sex", "citizenship": "Citizenship (country code, e.g. KG)",
            "personLanguages": "Languages she speaks", "phone": "Phone", "documentType": "Document", "documentNumber": "Document number",
            "registerCase": "Case", "possibleDuplicates": "This person may already be on record. Choose the record if it is her:",
            "keepNewPerson": "Someone else: keep the new record", "caseLanguage": "Language of the case", "needs": "Needs",
            "vulnerabilities": "Vulnerabilities", "consents": "Consents", "consentsHint": "Tick only what the person agreed to.",
            "registerCaseButton": "Register the case", "caseRegistered": "Case registered:", "nextCall": "Next call",
            "unavailableTitle": "Service unavailable", "unavailable": "The service does not answer now. Try again in a minute.",
        ],
        .tg: ["signIn": "Ворид шудан", "signOut": "Баромадан", "language": "Забон", "welcome": "Салом"],
        .uz: ["signIn": "Kirish", "signOut": "Chiqish", "language": "Til", "welcome": "Salom"],
    ]
}

extension ConsoleLanguage {
    /// The page's words in this language: Tajik and Uzbek fall back to Russian where a word
    /// is not translated yet.
    var wording: [String: String] {
        let own = Wording.table[self] ?? [:]
        return self == .ru ? own : (Wording.table[.ru] ?? [:]).merging(own) { $1 }
    }
}
