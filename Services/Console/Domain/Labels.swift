import ConsoleAccounts

/// The words for the contract's vocabularies (topics, needs, vulnerabilities, consent purposes,
/// sex, languages) in each page language; a value without words here shows as it is.
enum Labels {
    /// The label of `value` in `language` (Russian when that language has none).
    static func label(_ value: String, in language: ConsoleLanguage) -> String {
        table[language]?[value] ?? table[.ru]?[value] ?? value
    }

    /// `values` as `{value, label, checked}` for a page's choices.
    static func choices(_ values: [String], in language: ConsoleLanguage, checked: Set<String> = []) -> [[String: Any]] {
        values.map { ["value": $0, "label": label($0, in: language), "checked": checked.contains($0)] }
    }

    private static let table: [ConsoleLanguage: [String: String]] = [
        .ru: [
            "unpaid-wages": "Невыплата зарплаты", "documents": "Документы", "work-permit": "Патент, разрешение на работу", "police": "Полиция",
            "violence": "Насилие", "discrimination": "Дискриминация", "trafficking": "Торговля людьми", "deportation": "Выдворение",
            "repatriation": "Возвращение домой", "housing": "Жильё", "medical": "Медицина", "employment": "Работа", "information": "Справка",
            "other": "Другое", "legal": "Юридическая помощь", "pregnant": "Беременность", "with-children": "С детьми", "minor": "Несовершеннолетний",
            "disability": "Инвалидность", "no-documents": "Без документов", "homeless": "Без жилья", "partner-sharing": "Передача партнёрам",
            "research": "Анонимная статистика", "transfer": "Передача в другой город", "female": "Женский", "male": "Мужской",
            "unknown": "Не указан", "ky": "Кыргызча", "ru": "Русский", "tg": "Тоҷикӣ", "uz": "Oʻzbekcha", "en": "English",
            "passport": "Паспорт", "id-card": "Удостоверение личности", "residence-permit": "Вид на жительство", "work-patent": "Патент",
            "migration-card": "Миграционная карта",
            "birth-certificate": "Свидетельство о рождении", "same-document": "тот же документ", "same-phone": "тот же телефон",
            "similar-name-and-birth-date": "похожее имя и та же дата рождения", "proposed": "Предложены", "accepted": "Приняты",
            "declined": "Отклонены", "resolved": "Завершены", "withdrawn": "Отозваны", "unrouted": "Без исполнителя",
            "wages-recovered": "Зарплата взыскана", "documents-returned": "Документы возвращены", "settled": "Урегулировано",
            "won": "Выиграно", "lost": "Проиграно", "advice-given": "Дана консультация", "dropped": "Прекращено",
            "open": "открыто", "closed": "закрыто", "checked-out": "выехала", "cancelled": "отменено", "released": "освобождено",
            "held": "Ждут подтверждения", "confirmed": "Подтверждены, ждут заселения", "checked-in": "Живут сейчас",
            "dormitory": "общежитие", "crisis": "кризисный приют", "urgent": "срочный приоритет", "high": "высокий приоритет",
            "normal": "обычный приоритет", "emergency": "Скорая помощь", "outpatient": "Поликлиника", "inpatient": "Стационар",
            "maternity": "Беременность и роды", "dental": "Стоматология", "chronic": "Хронические болезни", "mixed": "Смешанная группа",
        ],
        .ky: [
            "unpaid-wages": "Айлык төлөнбөй калды", "documents": "Документтер", "work-permit": "Патент, иштөөгө уруксат", "police": "Милиция",
            "violence": "Зомбулук", "discrimination": "Басмырлоо", "trafficking": "Адам сатуу", "deportation": "Өлкөдөн чыгаруу",
            "repatriation": "Үйгө кайтуу", "housing": "Турак жай", "medical": "Медицина", "employment": "Жумуш", "information": "Маалымат",
            "other": "Башка", "legal": "Юридикалык жардам", "pregnant": "Кош бойлуу", "with-children": "Балдары менен", "minor": "Жашы жете элек",
            "disability": "Майыптык", "no-documents": "Документсиз", "homeless": "Баш калкалоочу жайы жок",
            "partner-sharing": "Өнөктөштөргө берүү", "research": "Аноним статистика", "transfer": "Башка шаарга өткөрүү", "female": "Аял",
            "male": "Эркек", "unknown": "Көрсөтүлгөн эмес", "passport": "Паспорт", "id-card": "Өздүк күбөлүк",
            "residence-permit": "Жашоого уруксат", "work-patent": "Патент", "migration-card": "Миграциялык карта",
            "birth-certificate": "Туулгандыгы тууралуу күбөлүк", "same-document": "ошол эле документ", "same-phone": "ошол эле телефон",
            "similar-name-and-birth-date": "окшош аты жана ошол эле туулган күнү", "proposed": "Сунушталган", "accepted": "Кабыл алынган",
            "declined": "Четке кагылган", "resolved": "Аяктаган", "withdrawn": "Кайтарылып алынган", "unrouted": "Аткаруучусу жок",
            "wages-recovered": "Айлык өндүрүлдү", "documents-returned": "Документтер кайтарылды", "settled": "Макулдашылды",
            "won": "Утуп алынды", "lost": "Уттурулду", "advice-given": "Кеңеш берилди", "dropped": "Токтотулду",
            "open": "ачык", "closed": "жабык", "checked-out": "чыкты", "cancelled": "жокко чыгарылды", "released": "бошотулду",
            "held": "Ырастоону күтүүдө", "confirmed": "Ырасталган, жайгашууну күтүүдө", "checked-in": "Азыр жашап жатышат",
            "dormitory": "жатакана", "crisis": "кризистик жай", "urgent": "шашылыш артыкчылык", "high": "жогорку артыкчылык",
            "normal": "кадимки артыкчылык", "emergency": "Тез жардам", "outpatient": "Амбулатордук дарылоо",
            "inpatient": "Стационардык дарылоо", "maternity": "Кош бойлуулук жана төрөт", "dental": "Тиш дарылоо",
            "chronic": "Өнөкөт оорулар", "mixed": "Аралаш топ",
        ],
        .en: [
            "unpaid-wages": "Unpaid wages", "documents": "Documents", "work-permit": "Work permit", "police": "Police", "violence": "Violence",
            "discrimination": "Discrimination", "trafficking": "Trafficking", "deportation": "Deportation", "repatriation": "Going home",
            "housing": "Housing", "medical": "Medical", "employment": "Work", "information": "Information", "other": "Other",
            "legal": "Legal help", "pregnant": "Pregnant", "with-children": "With children", "minor": "Minor", "disability": "Disability",
            "no-documents": "No documents", "homeless": "Homeless", "partner-sharing": "Sharing with partners", "research": "Anonymous statistics",
            "transfer": "Handover to another city", "female": "Female", "male": "Male", "unknown": "Not given", "passport": "Passport",
            "id-card": "Identity card", "residence-permit": "Residence permit", "work-patent": "Work patent",
            "migration-card": "Migration card", "birth-certificate": "Birth certificate", "same-document": "the same document",
            "same-phone": "the same phone", "similar-name-and-birth-date": "a similar name and the same date of birth",
            "proposed": "Proposed", "accepted": "Accepted", "declined": "Declined", "resolved": "Resolved", "withdrawn": "Withdrawn",
            "unrouted": "Unrouted", "wages-recovered": "Wages recovered", "documents-returned": "Documents returned", "settled": "Settled",
            "won": "Won", "lost": "Lost", "advice-given": "Advice given", "dropped": "Dropped", "open": "open", "closed": "closed",
            "checked-out": "checked out", "cancelled": "cancelled", "released": "released", "held": "Holds to confirm",
            "confirmed": "Confirmed, to check in", "checked-in": "Staying now", "dormitory": "dormitory", "crisis": "crisis shelter",
            "urgent": "urgent priority",
            "high": "high priority", "normal": "normal priority", "emergency": "Emergency", "outpatient": "Outpatient",
            "inpatient": "Inpatient", "maternity": "Maternity", "dental": "Dental", "chronic": "Chronic illness", "mixed": "Mixed group",
        ],
    ]
}
