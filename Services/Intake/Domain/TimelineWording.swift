import Contracts
import Foundation

/// Events about a case, said in the plain words a caseworker reads on the timeline.
///
/// Built only from event data, which carries no personal data; so the sentences carry none.
enum TimelineWording {
    /// One line of a case's timeline, in every language of ``TimelineLanguage``.
    struct Entry: Equatable, Sendable {
        let caseId: UUID
        /// The service that emitted the event (`legal-referral`).
        let service: String
        let summaries: [TimelineLanguage: String]

        /// The English line.
        var summary: String { summaries[.en] ?? "" }
    }

    /// Every event type that tells something about a case.
    static let types: [String] = [
        CaseRegistered.type, CaseUpdated.type, ConsentChanged.type, CaseTransferRequested.type, CaseTransferAnswered.type,
        CaseTransferCancelled.type, CaseTransferExpired.type,
        ReferralProposed.type, ReferralAccepted.type, ReferralDeclined.type, ReferralResolved.type, ReferralWithdrawn.type,
        ReferralEscalated.type,
        BookingHeld.type, BookingConfirmed.type, BookingReleased.type, BookingCheckedIn.type, BookingCheckedOut.type,
        WaitlistJoined.type,
        CoverageChecked.type, PlanRecommended.type, PolicyExpiring.type, PolicyErased.type,
        MatchProposed.type, PlacementStarted.type, FollowUpRecorded.type, JobSeekerRemoved.type,
    ]

    /// The timeline line for a received `envelope`, its data decoded once; `nil` for a type that
    /// is about no case. Throws when the data does not fit its type.
    static func entry(for envelope: EventEnvelope) throws -> Entry? {
        guard let type = EventCatalogue.dataType(named: envelope.type) else { return nil }
        func decode<T: EventData>(_ type: T.Type) throws -> any EventData { try envelope.decodeData(as: type) }
        return entry(for: try decode(type), from: envelope.source)
    }

    /// The timeline line for `payload`, emitted by `source` (`jardam://moscow/legal-referral`);
    /// `nil` for data about no case.
    static func entry(for payload: any EventData, from source: String) -> Entry? {
        var caseId: UUID?
        var summaries: [TimelineLanguage: String] = [:]
        for language in TimelineLanguage.allCases {
            guard let (id, summary) = describe(payload, in: language) else { return nil }
            caseId = id
            summaries[language] = summary
        }
        guard let caseId else { return nil }
        return Entry(caseId: caseId, service: service(of: source), summaries: summaries)
    }

    /// A line about `caseId` that names no case itself, said by `say` in each language.
    static func note(caseId: UUID, from source: String, _ say: (TimelineLanguage) -> String) -> Entry {
        Entry(
            caseId: caseId, service: service(of: source),
            summaries: Dictionary(uniqueKeysWithValues: TimelineLanguage.allCases.map { ($0, say($0)) }))
    }

    /// `jardam://moscow/legal-referral` → `legal-referral`.
    private static func service(of source: String) -> String { source.split(separator: "/").last.map(String.init) ?? source }

    private static func describe(_ payload: any EventData, in l: TimelineLanguage) -> (UUID, String)? {
        func w(_ code: some CustomStringConvertible) -> String { l.words(code.description) }
        func list(_ codes: [some CustomStringConvertible]) -> String { codes.map { w($0) }.joined(separator: ", ") }
        func say(_ en: String, _ ru: String, _ ky: String) -> String {
            switch l {
            case .en: en
            case .ru: ru
            case .ky: ky
            }
        }
        switch payload {
        // MARK: intake
        case let data as CaseRegistered:
            let needs = data.needs.isEmpty ? say("no needs recorded", "нужды не записаны", "муктаждыктар жазылган жок") : list(data.needs)
            return (
                data.caseId,
                say(
                    "Case opened by \(w(data.channel)) in \(l.languageName(data.language)): \(data.needs.isEmpty ? needs : "needs \(needs)"); priority \(data.priority).",
                    "Дело открыто (канал: \(w(data.channel)), язык: \(l.languageName(data.language))). Нужды: \(needs); приоритет: \(w(data.priority)).",
                    "Иш ачылды (канал: \(w(data.channel)), тил: \(l.languageName(data.language))). Муктаждыктар: \(needs); артыкчылык: \(w(data.priority))."
                )
            )
        case let data as CaseUpdated:
            let needs = data.needs.isEmpty ? say("no needs", "нужд нет", "муктаждык жок") : list(data.needs)
            return (
                data.caseId,
                say(
                    "Case updated: \(data.status), \(data.needs.isEmpty ? needs : "needs \(needs)"); priority \(data.priority).",
                    "Дело изменено: \(w(data.status)). Нужды: \(needs); приоритет: \(w(data.priority)).",
                    "Иш өзгөрдү: \(w(data.status)). Муктаждыктар: \(needs); артыкчылык: \(w(data.priority))."
                )
            )
        case let data as ConsentChanged:
            let until = data.expiresAt.map { day($0) }
            return (
                data.caseId,
                data.granted
                    ? say(
                        "Consent for \(w(data.purpose)) given\(until.map { " until \($0)" } ?? "").",
                        "Дано согласие: \(w(data.purpose))\(until.map { " (до \($0))" } ?? "").",
                        "Макулдук берилди: \(w(data.purpose))\(until.map { " (\($0) чейин)" } ?? "")."
                    )
                    : say(
                        "Consent for \(w(data.purpose)) withdrawn or expired: that work stops.",
                        "Согласие отозвано или истекло: \(w(data.purpose)). Эта работа прекращается.",
                        "Макулдук кайтарылып алынды же мөөнөтү бүттү: \(w(data.purpose)). Бул иш токтойт."
                    )
            )
        case let data as CaseTransferCancelled:
            return (
                data.caseId,
                say(
                    "Handover to \(data.toCity) cancelled here; that city was told.",
                    "Передача в город \(data.toCity) отменена; тому городу сообщено.",
                    "\(data.toCity) шаарына өткөрүү жокко чыгарылды; ал шаарга билдирилди.")
            )
        case let data as CaseTransferExpired:
            return (
                data.caseId,
                say(
                    "Handover to \(data.toCity) expired unanswered on \(day(data.expiresAt)): the case stays open here.",
                    "Передача в город \(data.toCity) истекла без ответа \(day(data.expiresAt)): дело остаётся открытым здесь.",
                    "\(data.toCity) шаарына өткөрүү \(day(data.expiresAt)) жооп жок бүттү: иш бул жерде ачык калат.")
            )
        case let data as CaseTransferAnswered:
            guard let caseId = data.caseId else { return nil }
            return (
                caseId,
                say(
                    "Handed over from \(data.fromCity) and accepted here, with the needs and consents it carried.",
                    "Дело передано из города \(data.fromCity) и принято здесь, с его нуждами и согласиями.",
                    "Иш \(data.fromCity) шаарынан өткөрүлүп, бул жерде кабыл алынды, муктаждыктары жана макулдуктары менен.")
            )
        case let data as CaseTransferRequested:
            return (
                data.caseId,
                say(
                    "Handover to \(data.toCity) requested; the case waits for that city's answer until \(day(data.expiresAt)).",
                    "Запрошена передача в город \(data.toCity); дело ждёт ответа до \(day(data.expiresAt)).",
                    "\(data.toCity) шаарына өткөрүү суралды; иш \(day(data.expiresAt)) чейин жооп күтөт.")
            )
        // MARK: legal-referral
        case let event as ReferralProposed:
            let referral = event.referral
            return (
                referral.caseId,
                referral.partnerId == nil
                    ? say(
                        "No partner fits the \(w(referral.issue)) referral in \(l.languageName(referral.language)) yet; a supervisor will route it.",
                        "Для направления (\(w(referral.issue)), язык: \(l.languageName(referral.language))) пока нет партнёра; его назначит руководитель.",
                        "Жолдомого (\(w(referral.issue)), тил: \(l.languageName(referral.language))) азырынча өнөктөш жок; аны жетекчи дайындайт.")
                    : say(
                        "Referral for \(w(referral.issue)) proposed to a partner speaking \(l.languageName(referral.language)).",
                        "Направление (\(w(referral.issue))) предложено партнёру, язык: \(l.languageName(referral.language)).",
                        "Жолдомо (\(w(referral.issue))) өнөктөшкө сунушталды, тил: \(l.languageName(referral.language)).")
            )
        case let event as ReferralAccepted:
            let issue = w(event.referral.issue)
            return (
                event.referral.caseId,
                say(
                    "The partner accepted the \(issue) referral.", "Партнёр принял направление (\(issue)).",
                    "Өнөктөш жолдомону кабыл алды (\(issue)).")
            )
        case let event as ReferralDeclined:
            let issue = w(event.referral.issue)
            return (
                event.referral.caseId,
                say(
                    "The partner declined the \(issue) referral; the next partner will be asked.",
                    "Партнёр отклонил направление (\(issue)); спросим следующего.", "Өнөктөш жолдомону четке какты (\(issue)); кийинкисинен сурайбыз."
                )
            )
        case let data as ReferralResolved:
            let issue = w(data.referral.issue)
            let recovered = data.recovered.map { amount($0) }
            return (
                data.referral.caseId,
                say(
                    "The \(issue) referral was resolved: \(w(data.outcome))\(recovered.map { "; \($0) recovered" } ?? "").",
                    "Направление (\(issue)) завершено: \(w(data.outcome))\(recovered.map { "; взыскано \($0)" } ?? "").",
                    "Жолдомо (\(issue)) аяктады: \(w(data.outcome))\(recovered.map { "; \($0) өндүрүлдү" } ?? "").")
            )
        case let data as ReferralWithdrawn:
            let issue = w(data.referral.issue)
            return (
                data.referral.caseId,
                say(
                    "The \(issue) referral was withdrawn (\(w(data.reason))).", "Направление (\(issue)) отозвано: \(w(data.reason)).",
                    "Жолдомо (\(issue)) кайтарылып алынды: \(w(data.reason)).")
            )
        case let data as ReferralEscalated:
            let issue = w(data.referral.issue)
            return (
                data.referral.caseId,
                say(
                    "The \(issue) referral has waited since \(day(data.proposedAt)) without an answer: escalated.",
                    "Направление (\(issue)) ждёт ответа с \(day(data.proposedAt)): передано руководителю.",
                    "Жолдомо (\(issue)) \(day(data.proposedAt)) бери жооп күтүүдө: жетекчиге берилди.")
            )
        // MARK: shelter
        case let data as BookingHeld:
            let booking = data.booking
            return (
                booking.caseId,
                say(
                    "\(booking.beds == 1 ? "1 bed" : "\(booking.beds) beds") held in a shelter, nights from \(booking.from) to \(booking.to); confirm before \(time(data.expiresAt)).",
                    "В приюте придержано мест: \(booking.beds), ночи с \(booking.from) по \(booking.to); подтвердить до \(time(data.expiresAt)).",
                    "Баш калкалоочу жайда орун кармалды: \(booking.beds), түндөр \(booking.from) – \(booking.to); \(time(data.expiresAt)) чейин ырастоо."
                )
            )
        case let event as BookingConfirmed:
            let booking = event.booking
            return (
                booking.caseId,
                say(
                    "Shelter booking confirmed, nights from \(booking.from) to \(booking.to).",
                    "Бронь в приюте подтверждена, ночи с \(booking.from) по \(booking.to).",
                    "Баш калкалоочу жайдагы брондоо ырасталды, түндөр \(booking.from) – \(booking.to).")
            )
        case let data as BookingReleased:
            return (
                data.booking.caseId,
                say(
                    "Shelter booking released (\(w(data.reason))).", "Бронь в приюте снята: \(w(data.reason)).",
                    "Баш калкалоочу жайдагы брондоо алынды: \(w(data.reason)).")
            )
        case let event as BookingCheckedIn:
            return (event.booking.caseId, say("Checked in at the shelter.", "Заселилась в приют.", "Баш калкалоочу жайга жайгашты."))
        case let event as BookingCheckedOut:
            return (event.booking.caseId, say("Checked out of the shelter.", "Выехала из приюта.", "Баш калкалоочу жайдан чыкты."))
        case let data as WaitlistJoined:
            return (
                data.caseId,
                say(
                    "No fitting bed free: on the shelter waitlist at position \(data.position).",
                    "Подходящих мест нет: в листе ожидания приюта, место \(data.position).",
                    "Ылайыктуу орун жок: күтүү тизмесинде, \(data.position)-орун.")
            )
        // MARK: medical-insurance
        case let data as CoverageChecked:
            let gaps = data.gaps.isEmpty ? "" : " (\(list(data.gaps)))"
            let summary: String
            if data.covered && data.gaps.isEmpty {
                summary = say(
                    "Medical coverage checked: covered.", "Проверено медицинское покрытие: покрыто.",
                    "Медициналык камсыздандыруу текшерилди: камтылган.")
            } else if data.covered {
                summary = say(
                    "Medical coverage checked: covered, with gaps\(gaps).", "Проверено медицинское покрытие: покрыто, с пробелами\(gaps).",
                    "Медициналык камсыздандыруу текшерилди: камтылган, боштуктары бар\(gaps).")
            } else {
                summary = say(
                    "Medical coverage checked: not covered\(gaps).", "Проверено медицинское покрытие: не покрыто\(gaps).",
                    "Медициналык камсыздандыруу текшерилди: камтылган эмес\(gaps).")
            }
            return (data.caseId, summary)
        case let data as PlanRecommended:
            let price = amount(data.annualPrice)
            return (
                data.caseId,
                say(
                    "Insurance plan recommended at \(price) a year.", "Рекомендован страховой план: \(price) в год.",
                    "Камсыздандыруу планы сунушталды: жылына \(price).")
            )
        case let data as PolicyExpiring:
            return (
                data.caseId,
                say(
                    "The medical policy ends on \(data.validTo).", "Медицинский полис заканчивается \(data.validTo).",
                    "Медициналык полис \(data.validTo) бүтөт.")
            )
        case let data as PolicyErased:
            return (
                data.caseId,
                say(
                    "A medical policy was erased (\(w(data.reason))).", "Медицинский полис стёрт: \(w(data.reason)).",
                    "Медициналык полис өчүрүлдү: \(w(data.reason)).")
            )
        // MARK: labor-exchange
        case let data as MatchProposed:
            let score = String(format: "%.2f", data.score)
            return (
                data.caseId,
                say(
                    "A vacancy was proposed (match score \(score)).", "Предложена вакансия (совпадение \(score)).",
                    "Бош орун сунушталды (дал келүү \(score)).")
            )
        case let data as PlacementStarted:
            return (
                data.caseId,
                say(
                    "Placed in a job starting \(data.startDate).", "Трудоустроена, выход на работу \(data.startDate).",
                    "Жумушка орношту, \(data.startDate) баштайт.")
            )
        case let data as FollowUpRecorded:
            let wages =
                data.wagePaidOnTime
                ? say("wages paid on time", "зарплата выплачена вовремя", "айлык өз убагында төлөндү")
                : say("wages NOT paid on time", "зарплата НЕ выплачена вовремя", "айлык өз убагында ТӨЛӨНГӨН ЖОК")
            let conditions =
                data.conditionsOk
                ? say("conditions fine", "условия в порядке", "шарттар жакшы")
                : say("conditions NOT fine", "условия НЕ в порядке", "шарттар ЖАКШЫ ЭМЕС")
            return (
                data.caseId,
                say(
                    "Month \(data.month) follow-up of the job: \(wages), \(conditions).",
                    "Проверка работы, месяц \(data.month): \(wages), \(conditions).", "Жумушту текшерүү, \(data.month)-ай: \(wages), \(conditions).")
            )
        case let data as JobSeekerRemoved:
            let profile =
                data.seekerId == nil ? "" : say("job-seeker profile removed", "анкета соискателя удалена", "жумуш издөөчүнүн анкетасы өчүрүлдү")
            let followUps =
                data.followUpsDropped == 0
                ? ""
                : say(
                    "\(data.followUpsDropped) follow-up(s) dropped", "отменено проверок: \(data.followUpsDropped)",
                    "жокко чыгарылган текшерүүлөр: \(data.followUpsDropped)")
            let what = [profile, followUps].filter { !$0.isEmpty }.joined(separator: ", ")
            return (
                data.caseId,
                say(
                    "Employment work stopped (\(w(data.reason))): \(what).", "Работа по трудоустройству остановлена (\(w(data.reason))): \(what).",
                    "Жумушка орноштуруу боюнча иш токтотулду (\(w(data.reason))): \(what).")
            )
        default:
            return nil
        }
    }

    // MARK: - Words

    private static func amount(_ money: Money) -> String { "\(money.formattedAmount) \(money.currency)" }

    private static func day(_ date: Date) -> String { String(date.formatted(.iso8601.year().month().day())) }

    private static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}
