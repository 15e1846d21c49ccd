import Contracts

/// The reference data of `jardamctl seed demo`: what a center has before its first caller.
///
/// Organisations only (shelters, partner firms, insurers, employers): no person's data.
enum DemoData {
    static func money(_ amount: String, _ currency: String = "RUB") -> JSONValue {
        ["amount": .string(amount), "currency": .string(currency)]
    }

    static func room(_ name: String, beds: Int, sex: String, family: Bool) -> JSONValue {
        ["name": .string(name), "beds": .number(Double(beds)), "sex": .string(sex), "family": .bool(family)]
    }

    /// A dormitory for newcomers and a crisis shelter for women escaping violence or trafficking.
    static let shelters: [JSONValue] = [
        [
            "name": "Dormitory Lyublino", "kind": "dormitory", "address": "Krasnodonskaya 19, Moscow",
            "confidentialAddress": false,
            "rooms": .array(
                (1...2).map { room("Men \($0)", beds: 6, sex: "male", family: false) }
                    + [room("Women 1", beds: 6, sex: "female", family: false)]
                    + (1...6).map { room("Family \($0)", beds: 4, sex: "mixed", family: true) }),
        ],
        [
            "name": "Crisis shelter Umut", "kind": "crisis", "address": "given only to shelter managers",
            "confidentialAddress": true,
            "rooms": .array(
                (1...3).map { room("Mother and child \($0)", beds: 3, sex: "female", family: true) }
                    + [room("Women 1", beds: 4, sex: "female", family: false)]),
        ],
    ]

    /// Partner lawyers speaking Kyrgyz, Tajik, Uzbek and Russian, and a human-rights NGO.
    static let partners: [JSONValue] = [
        [
            "name": "Bishkek Legal Aid, Moscow office", "kind": "lawyer", "languages": ["ky", "ru"],
            "specializations": ["unpaid-wages", "documents", "work-permit", "other"], "capacity": 20, "discountPercent": 50,
        ],
        [
            "name": "Dushanbe Lawyers Collegium", "kind": "lawyer", "languages": ["tg", "ru"],
            "specializations": ["unpaid-wages", "deportation", "police"], "capacity": 15,
        ],
        [
            "name": "Tashkent Migrant Law Centre", "kind": "lawyer", "languages": ["uz", "ru"],
            "specializations": ["unpaid-wages", "documents", "work-permit"], "capacity": 15,
        ],
        [
            "name": "Migration and Law (human-rights NGO)", "kind": "ngo", "languages": ["ru"],
            "specializations": ["violence", "trafficking", "discrimination", "police", "repatriation", "other"], "capacity": 40,
        ],
    ]

    /// Two insurers; each plan is sold in the seeding city.
    static func insurers(city: String) -> [(name: String, plans: [JSONValue])] {
        func plan(_ name: String, _ price: String, _ coverage: [String], group: [(Int, String)] = []) -> JSONValue {
            [
                "name": .string(name), "annualPrice": money(price), "coverage": .array(coverage.map(JSONValue.string)),
                "regions": [.string(city)], "minAge": 16, "maxAge": 65,
                "groupPrices": .array(group.map { ["minMembers": .number(Double($0.0)), "annualPrice": money($0.1)] }),
            ]
        }
        return [
            (
                "Alfa Migrant Insurance",
                [
                    plan("Alfa Patent Basic", "4500.00", ["emergency", "outpatient"], group: [(50_000, "2700.00")]),
                    plan("Alfa Family", "21000.00", ["emergency", "outpatient", "inpatient", "maternity", "dental"]),
                ]
            ),
            (
                "Vita Mutual",
                [
                    plan("Vita Mother and Child", "12500.00", ["emergency", "outpatient", "maternity"], group: [(1_000, "9800.00")]),
                    plan("Vita Complete", "30000.00", ["emergency", "outpatient", "inpatient", "maternity", "dental", "chronic"]),
                ]
            ),
        ]
    }

    /// Employers who pay, each with a vacancy (ISCO-08 occupations, monthly wages in roubles).
    static func employers(city: String) -> [(employer: JSONValue, vacancies: [JSONValue])] {
        func vacancy(_ occupation: String, _ title: String, _ wage: String, positions: Int, housing: Bool, languages: [String]) -> JSONValue {
            [
                "occupation": .string(occupation), "title": .string(title), "city": .string(city),
                "wage": ["amount": .string(wage), "currency": "RUB", "period": "month"], "positions": .number(Double(positions)),
                "housingProvided": .bool(housing), "languages": .array(languages.map(JSONValue.string)),
            ]
        }
        return [
            (
                ["taxId": "7702345678", "name": "Chistyi Gorod LLC", "city": .string(city)],
                [vacancy("9112", "Hotel cleaner, day shifts", "52000.00", positions: 6, housing: true, languages: ["ru", "ky"])]
            ),
            (
                ["taxId": "7703456789", "name": "Kafe Tulpar", "city": .string(city)],
                [vacancy("9412", "Kitchen helper", "48000.00", positions: 3, housing: false, languages: ["ky", "ru"])]
            ),
            (
                ["taxId": "7704567890", "name": "Teplitsa Agro", "city": .string(city)],
                [vacancy("9214", "Greenhouse worker", "46000.00", positions: 10, housing: true, languages: ["uz", "tg", "ru"])]
            ),
        ]
    }
}
