/// The ISCO-08 occupations the labor exchange deals in: the unit groups the centers' migrants
/// work in, from construction and cleaning to farms and care.
enum Occupations {
    /// Unit-group code → English title.
    static let titles: [String: String] = [
        // Construction
        "7111": "House builders", "7112": "Bricklayers and related workers", "7114": "Concrete placers and finishers",
        "7115": "Carpenters and joiners", "7121": "Roofers", "7123": "Plasterers", "7124": "Insulation workers",
        "7126": "Plumbers and pipe fitters", "7131": "Painters and related workers", "7411": "Building electricians",
        "7212": "Welders and flame cutters", "8342": "Earthmoving and related plant operators",
        "9312": "Civil engineering labourers", "9313": "Building construction labourers",
        // Cleaning and housekeeping
        "9111": "Domestic cleaners and helpers", "9112": "Cleaners and helpers in offices, hotels and other establishments",
        "9122": "Vehicle cleaners", "9613": "Sweepers and related labourers", "5151": "Cleaning and housekeeping supervisors",
        // Food and cooking
        "5120": "Cooks", "9411": "Fast food preparers", "9412": "Kitchen helpers", "5131": "Waiters", "7512": "Bakers",
        "7511": "Butchers and fishmongers",
        // Driving and logistics
        "8322": "Car, taxi and van drivers", "8331": "Bus and tram drivers", "8332": "Heavy truck and lorry drivers",
        "8344": "Lifting truck operators", "9333": "Freight handlers", "9621": "Messengers, package deliverers and luggage porters",
        // Agriculture
        "8341": "Mobile farm and forestry plant operators (tractor drivers)", "6111": "Field crop and vegetable growers",
        "6121": "Livestock and dairy producers (milkers)", "6122": "Poultry producers", "6130": "Mixed crop and animal producers",
        "9211": "Crop farm labourers", "9212": "Livestock farm labourers", "9214": "Garden and horticultural labourers",
        "2250": "Veterinarians", "3240": "Veterinary technicians and assistants",
        // Care and medicine
        "5321": "Health care assistants", "5322": "Home-based personal care workers", "5311": "Child care workers",
        "2221": "Nursing professionals", "3221": "Nursing associate professionals", "2211": "Generalist medical practitioners",
        "2261": "Dentists", "3213": "Pharmaceutical technicians and assistants",
        // Teaching
        "2330": "Secondary education teachers", "2341": "Primary school teachers", "2342": "Early childhood educators",
        "2353": "Other language teachers",
        // Industry, trade and services
        "9329": "Manufacturing labourers", "7522": "Cabinet-makers", "7531": "Tailors and dressmakers",
        "7231": "Motor vehicle mechanics", "5223": "Shop sales assistants", "5230": "Cashiers and ticket clerks",
        "5141": "Hairdressers", "5414": "Security guards", "9629": "Elementary workers not elsewhere classified",
    ]

    /// Whether `code` is one of the occupations above.
    static func isKnown(_ code: String) -> Bool { titles[code] != nil }

    /// The ISCO minor group: the first three digits (`711` for bricklayers and carpenters).
    static func minorGroup(_ code: String) -> String { String(code.prefix(3)) }
}
