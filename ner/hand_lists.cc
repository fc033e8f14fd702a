// Hand-written gazetteer lists (see hand_lists.h). Entries are matched
// case-insensitively after Byline's normalisation, so case here is only for
// the reader.
#include "ner/hand_lists.h"

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace byline::ner {
namespace {

constexpr absl::string_view kPersonTitles[] = {
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame",
    "Lord", "Lady", "Baron", "Baroness", "President", "Vice President",
    "Prime Minister", "Minister", "Chancellor", "Secretary", "Senator", "Sen",
    "Rep", "Representative", "Congressman", "Congresswoman", "Governor",
    "Gov", "Mayor", "King", "Queen", "Prince", "Princess", "Duke", "Duchess",
    "Emperor", "Pope", "Cardinal", "Bishop", "Archbishop", "Rev", "Reverend",
    "Father", "Sister", "Rabbi", "Imam", "Sheikh", "Emir", "Sultan",
    "Ayatollah", "General", "Gen", "Colonel", "Col", "Lieutenant", "Lt",
    "Captain", "Capt", "Sergeant", "Sgt", "Major", "Maj", "Admiral",
    "Commander", "Marshal", "Judge", "Justice", "Chairman", "Chairwoman",
    "Chairperson", "Chief Executive", "CEO", "CFO", "Director", "Spokesman",
    "Spokeswoman", "Spokesperson", "Coach", "Manager", "Striker",
    "Midfielder", "Defender", "Goalkeeper", "Forward", "Captain", "Skipper",
    "Champion", "Ambassador", "Envoy", "Premier", "Deputy", "Speaker",
    "Leader", "Mp", "Councillor", "Inspector", "Detective", "Officer",
    "Analyst", "Economist", "Dealer", "Trader", "Strategist", "Economist",
    "Founder", "Editor", "Correspondent", "Novelist", "Author", "Actor",
    "Actress", "Singer", "Herr", "Frau", "Monsieur", "Madame", "Mme", "Mlle",
    "Señor", "Señora", "Signor", "Signora", "Dom", "Dona", "Pan", "Pani",
};

constexpr absl::string_view kGivenNames[] = {
    // English.
    "James", "John", "Robert", "Michael", "William", "David", "Richard",
    "Joseph", "Thomas", "Charles", "Christopher", "Daniel", "Matthew",
    "Anthony", "Mark", "Donald", "Steven", "Paul", "Andrew", "Joshua",
    "Kenneth", "Kevin", "Brian", "George", "Edward", "Ronald", "Timothy",
    "Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric",
    "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Brandon", "Benjamin",
    "Samuel", "Gregory", "Frank", "Alexander", "Raymond", "Patrick", "Jack",
    "Dennis", "Jerry", "Tyler", "Aaron", "Henry", "Peter", "Adam", "Nathan",
    "Douglas", "Zachary", "Walter", "Kyle", "Harold", "Carl", "Arthur",
    "Gerald", "Roger", "Keith", "Jeremy", "Terry", "Lawrence", "Sean",
    "Christian", "Albert", "Joe", "Ethan", "Austin", "Jesse", "Willie",
    "Billy", "Bryan", "Bruce", "Jordan", "Ralph", "Roy", "Noah", "Dylan",
    "Eugene", "Wayne", "Alan", "Juan", "Louis", "Russell", "Gabriel",
    "Randy", "Philip", "Harry", "Vincent", "Bobby", "Johnny", "Logan",
    "Tony", "Tom", "Bill", "Bob", "Jim", "Mike", "Steve", "Dave", "Chris",
    "Nick", "Ian", "Colin", "Graham", "Neil", "Nigel", "Martin", "Simon",
    "Hugh", "Gordon", "Malcolm", "Stuart", "Alistair", "Rupert", "Oliver",
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan",
    "Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Betty", "Margaret",
    "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Dorothy",
    "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca",
    "Sharon", "Laura", "Cynthia", "Kathleen", "Amy", "Shirley", "Angela",
    "Helen", "Anna", "Brenda", "Pamela", "Nicole", "Emma", "Samantha",
    "Katherine", "Christine", "Debra", "Rachel", "Catherine", "Carolyn",
    "Janet", "Ruth", "Maria", "Heather", "Diane", "Virginia", "Julie",
    "Joyce", "Victoria", "Olivia", "Kelly", "Christina", "Lauren", "Joan",
    "Evelyn", "Judith", "Megan", "Cheryl", "Andrea", "Hannah", "Martha",
    "Jacqueline", "Frances", "Gloria", "Ann", "Anne", "Teresa", "Kathryn",
    "Sara", "Janice", "Jean", "Alice", "Madison", "Doris", "Abigail",
    "Julia", "Judy", "Grace", "Denise", "Amber", "Marilyn", "Beverly",
    "Danielle", "Theresa", "Sophia", "Marie", "Diana", "Brittany", "Natalie",
    "Isabella", "Charlotte", "Rose", "Alexis", "Kayla", "Hillary", "Jane",
    "Kate", "Sue", "Claire", "Fiona", "Gillian", "Harriet", "Lucy",
    // French, German, Dutch, Nordic.
    "Jean", "Pierre", "Jacques", "Michel", "Philippe", "Alain", "Nicolas",
    "François", "Francois", "Laurent", "Olivier", "Christophe", "Emmanuel",
    "Marie", "Isabelle", "Nathalie", "Sophie", "Catherine", "Valérie",
    "Ségolène", "Hans", "Klaus", "Jürgen", "Wolfgang", "Helmut", "Gerhard",
    "Dieter", "Horst", "Uwe", "Stefan", "Andreas", "Matthias", "Markus",
    "Angela", "Ursula", "Monika", "Petra", "Sabine", "Heike", "Jan", "Pieter",
    "Willem", "Hendrik", "Johan", "Joost", "Erik", "Lars", "Anders", "Nils",
    "Per", "Olav", "Ole", "Bjorn", "Björn", "Sven", "Magnus", "Henrik",
    "Ingrid", "Astrid", "Sigrid", "Karin", "Kristin", "Mette", "Anna",
    "Jens", "Søren", "Mikael", "Jukka", "Pekka", "Matti", "Juha",
    // Southern European and Latin American.
    "José", "Jose", "Carlos", "Luis", "Miguel", "Javier", "Antonio",
    "Manuel", "Francisco", "Pedro", "Jorge", "Fernando", "Alejandro",
    "Diego", "Pablo", "Sergio", "Rafael", "Ricardo", "Eduardo", "Andrés",
    "Marco", "Giuseppe", "Giovanni", "Luca", "Paolo", "Francesco", "Matteo",
    "Alessandro", "Roberto", "Silvio", "Romano", "Mario", "Sergio", "João",
    "Joao", "Luiz", "Paulo", "Fernanda", "Ana", "Carmen", "Lucia", "Sofia",
    "Isabel", "Elena", "Laura", "Giulia", "Francesca", "Chiara",
    // Slavic, Baltic, Hungarian, Greek, Turkish.
    "Vladimir", "Boris", "Sergei", "Sergey", "Dmitry", "Dmitri", "Alexei",
    "Alexey", "Mikhail", "Ivan", "Nikolai", "Yuri", "Igor", "Oleg", "Viktor",
    "Andrei", "Andrey", "Pavel", "Olga", "Natalia", "Tatiana", "Svetlana",
    "Irina", "Yelena", "Lech", "Jerzy", "Piotr", "Tomasz", "Krzysztof",
    "Andrzej", "Aleksander", "Marek", "Katarzyna", "Agnieszka", "Václav",
    "Vaclav", "Milan", "Zoran", "Slobodan", "Franjo", "Alija", "Radovan",
    "Ratko", "Viktor", "László", "Laszlo", "Gyula", "Andreas", "Georgios",
    "Nikos", "Konstantinos", "Mehmet", "Ahmet", "Mustafa", "Recep",
    // Arabic, Persian, South Asian.
    "Mohammed", "Muhammad", "Mohamed", "Mohammad", "Ahmed", "Ahmad", "Ali",
    "Hassan", "Hussein", "Omar", "Abdullah", "Abdul", "Khalid", "Yasser",
    "Saddam", "Ibrahim", "Yusuf", "Youssef", "Mahmoud", "Karim", "Fatima",
    "Aisha", "Layla", "Hamid", "Reza", "Akbar", "Benazir", "Nawaz",
    "Imran", "Rahul", "Raj", "Sanjay", "Amit", "Sunil", "Anil", "Rajiv",
    "Indira", "Sonia", "Priya", "Narendra", "Atal",
    // East and Southeast Asian, African.
    "Wei", "Li", "Jiang", "Zhu", "Hu", "Xi", "Deng", "Zhou", "Hiroshi",
    "Takeshi", "Kenji", "Yuki", "Ryutaro", "Tomiichi", "Kim", "Park",
    "Nguyen", "Thanh", "Joseph", "Nelson", "Kofi", "Thabo", "Jomo",
    "Olusegun", "Chinua", "Desmond", "Robert", "Yoweri", "Laurent",
};

constexpr absl::string_view kOrganisationWords[] = {
    "Inc", "Incorporated", "Ltd", "Limited", "LLC", "LLP", "Plc", "Corp",
    "Corporation", "Co", "Company", "Cos", "Group", "Holdings", "Holding",
    "AG", "GmbH", "SA", "NV", "BV", "SpA", "AB", "ASA", "Oyj", "KK", "Bhd",
    "Pty", "SARL", "SAS", "Srl", "SE", "Partners", "Associates", "Bank",
    "Bancorp", "Bancshares", "Banco", "Banque", "Sparbank", "Airlines",
    "Airways", "Air", "Motors", "Motor", "Industries", "International",
    "Systems", "Technologies", "Technology", "Pharmaceuticals", "Pharma",
    "Petroleum", "Oil", "Gas", "Energy", "Power", "Electric", "Steel",
    "Mining", "Chemicals", "Capital", "Securities", "Insurance",
    "Investments", "Investment", "Trust", "Fund", "Foundation", "Financial",
    "Finance", "Telecom", "Communications", "Entertainment", "Media",
    "Software", "Electronics", "Shipping", "Maritime", "Logistics",
    "Railways", "Rail", "Lines", "Line", "Enterprises", "Ventures", "Labs",
    "Robotics", "Orbital", "Aerospace", "Automotive", "Foods", "Brewery",
    "Stores", "Markets", "Exchange", "University", "College", "Institute",
    "School", "Academy", "Hospital", "Clinic", "Museum", "Gallery",
    "Library", "Ministry", "Department", "Agency", "Commission",
    "Committee", "Council", "Party", "Union", "Association", "Federation",
    "Confederation", "League", "Club", "Society", "Court", "Tribunal",
    "Parliament", "Assembly", "Congress", "Senate", "Cabinet",
    "Government", "Army", "Navy", "Force", "Forces", "Police", "Guard",
    "Office", "Authority", "Board", "Bureau", "Service", "Services",
    "Organisation", "Organization", "Secretariat", "Times", "Post",
    "Journal", "News", "Press", "Herald", "Tribune", "Gazette", "Radio",
    "Television", "TV", "Network", "Agency", "Reuters", "Front", "Movement",
    "Alliance", "Coalition", "Brigade", "Brigades", "Council", "Reserve",
    "Treasury", "Watchdog", "Regulator", "Court",
};

constexpr absl::string_view kOrganisationNames[] = {
    "UN", "United Nations", "NATO", "EU", "European Union",
    "European Commission", "OPEC", "IMF", "World Bank", "WTO", "OECD",
    "UNESCO", "UNICEF", "WHO", "Red Cross", "FIFA", "UEFA", "IOC", "ASEAN",
    "African Union", "Arab League", "Interpol", "Europol", "CIA", "FBI",
    "NASA", "Pentagon", "Kremlin", "White House", "Congress", "Bundesbank",
    "Federal Reserve", "Fed", "ECB", "European Central Bank", "Nasdaq",
    "NYSE", "Reuters", "AP", "AFP", "BBC", "CNN", "Hamas", "Hezbollah",
    "PLO", "IRA", "Sinn Fein", "Taleban", "Taliban", "Labour", "Tories",
    "Conservatives", "Democrats", "Republicans", "Bundestag", "Duma",
    "Knesset", "Sejm", "Storting", "Riksbank", "Riksdag",
};

constexpr absl::string_view kClubWords[] = {
    "United", "City", "Rovers", "Wanderers", "Athletic", "Athletico",
    "Atletico", "County", "Town", "Albion", "Villa", "Hotspur", "Rangers",
    "Celtic", "Sporting", "Real", "Dynamo", "Dinamo", "Spartak", "Olympique",
    "Olympiakos", "FC", "AFC", "SC", "AC", "CF", "CD", "SV", "VfB", "VfL",
    "Borussia", "Inter", "Racing", "Deportivo", "Rapid", "Partizan",
    "Lokomotiv", "Torpedo", "Wednesday", "Forest", "Palace", "Argyle",
    "Orient", "Alexandra", "Thistle", "Hibernian", "Hearts", "Academical",
    "Wolves", "Saints", "Blues", "Reds", "Bulls", "Bears", "Lions", "Tigers",
    "Giants", "Yankees", "Mets", "Braves", "Cubs", "Sox", "Dodgers",
    "Orioles", "Mariners", "Astros", "Padres", "Expos", "Rockies", "Royals",
    "Twins", "Brewers", "Pirates", "Reds", "Phillies", "Cardinals",
    "Athletics", "Angels", "Indians", "Marlins", "Rangers",
};

constexpr absl::string_view kLocationWords[] = {
    "River", "Lake", "Mount", "Mt", "Mountains", "Hills", "Island",
    "Islands", "Isles", "Bay", "Sea", "Ocean", "Gulf", "Strait", "Straits",
    "Valley", "Street", "St", "Avenue", "Ave", "Road", "Rd", "Square",
    "Boulevard", "Bridge", "Province", "State", "County", "Region",
    "District", "Port", "Airport", "Harbour", "Harbor", "North", "South",
    "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Upper", "Lower", "New", "Saint", "San", "Santa", "Sao", "São", "Fort",
    "Cape", "Peninsula", "Desert", "Canal", "Coast", "Heights", "Park",
    "Forest", "Plain", "Plains", "Delta", "Basin", "Falls", "Springs",
    "Beach", "Village", "Town", "City", "Capital", "Republic", "Kingdom",
    "Emirate", "Territory", "Territories", "Oblast", "Krai", "Prefecture",
    "Canton", "Land", "Shire", "Vale",
};

constexpr absl::string_view kRegions[] = {
    // United States.
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
    "Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho",
    "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
    "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
    "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "West Virginia", "Wisconsin", "Wyoming",
    // Canada, Australia.
    "Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba",
    "Saskatchewan", "Nova Scotia", "New Brunswick", "Newfoundland",
    "New South Wales", "Victoria", "Queensland", "Tasmania",
    // Europe.
    "England", "Scotland", "Wales", "Northern Ireland", "Ulster",
    "Cornwall", "Yorkshire", "Bavaria", "Saxony", "Hesse", "Catalonia",
    "Andalusia", "Basque Country", "Galicia", "Brittany", "Normandy",
    "Provence", "Alsace", "Corsica", "Sardinia", "Sicily", "Tuscany",
    "Lombardy", "Emilia-Romagna", "Flanders", "Wallonia", "Silesia",
    "Pomerania", "Transylvania", "Crimea", "Chechnya", "Dagestan",
    "Siberia", "Kosovo", "Bosnia", "Herzegovina", "Slavonia", "Krajina",
    "Macedonia", "Balkans", "Scandinavia", "Baltic", "Baltics", "Caucasus",
    "Riviera", "Alps", "Pyrenees", "Urals", "Lapland", "Jutland",
    // Elsewhere.
    "Middle East", "Near East", "Far East", "Gulf", "Persian Gulf",
    "West Bank", "Gaza", "Gaza Strip", "Golan Heights", "Sinai", "Kurdistan",
    "Kashmir", "Punjab", "Bengal", "Tibet", "Xinjiang", "Guangdong",
    "Sichuan", "Manchuria", "Mindanao", "Borneo", "Sumatra", "Java", "Bali",
    "Darfur", "Kivu", "Katanga", "Natal", "Transvaal", "Sahara", "Sahel",
    "Amazon", "Patagonia", "Latin America", "South America",
    "North America", "Central America", "Caribbean", "Mediterranean",
    "Atlantic", "Pacific", "Arctic", "Antarctic", "Danube", "Rhine",
    "Thames", "Seine", "Nile", "Volga", "Yangtze", "Mekong", "Ganges",
    "Euphrates", "Tigris", "Mississippi", "Wall Street",
};

constexpr absl::string_view kCountryAliases[] = {
    "Britain", "Great Britain", "UK", "U.K.", "United Kingdom", "USA", "US",
    "U.S.", "U.S.A.", "America", "United States of America", "Holland",
    "Russia", "Soviet Union", "USSR", "Yugoslavia", "Czechoslovakia",
    "Zaire", "Burma", "Ivory Coast", "Persia", "Ceylon", "Rhodesia",
    "Congo", "Korea", "Taiwan", "Hong Kong", "Macau", "Palestine", "UAE",
    "Vatican", "Czech Republic", "Slovak Republic", "Bosnia", "Serbia",
    "Montenegro", "East Timor", "Macedonia", "FYROM", "Byelorussia",
    "Kirghizia", "Moldavia", "Turkmenia", "Deutschland", "España",
    "Sverige", "Norge", "Danmark", "Suomi", "Polska", "Italia", "Brasil",
    "Nippon", "PRC", "DPRK", "ROK",
};

constexpr absl::string_view kNationalities[] = {
    "American", "Americans", "British", "Briton", "Britons", "English",
    "Scottish", "Scot", "Scots", "Welsh", "Irish", "French", "German",
    "Germans", "Dutch", "Belgian", "Belgians", "Swiss", "Austrian",
    "Austrians", "Italian", "Italians", "Spanish", "Spaniard", "Spaniards",
    "Portuguese", "Greek", "Greeks", "Turkish", "Turk", "Turks", "Cypriot",
    "Swedish", "Swede", "Swedes", "Norwegian", "Norwegians", "Danish",
    "Dane", "Danes", "Finnish", "Finn", "Finns", "Icelandic", "Polish",
    "Pole", "Poles", "Czech", "Czechs", "Slovak", "Slovaks", "Hungarian",
    "Hungarians", "Romanian", "Romanians", "Bulgarian", "Bulgarians",
    "Serbian", "Serb", "Serbs", "Croatian", "Croat", "Croats", "Bosnian",
    "Bosnians", "Slovenian", "Slovene", "Albanian", "Albanians",
    "Macedonian", "Montenegrin", "Russian", "Russians", "Ukrainian",
    "Ukrainians", "Belarusian", "Belarussian", "Lithuanian", "Latvian",
    "Estonian", "Georgian", "Armenian", "Armenians", "Azeri", "Azerbaijani",
    "Kazakh", "Uzbek", "Tajik", "Turkmen", "Kyrgyz", "Chechen", "Chechens",
    "Soviet", "European", "Europeans", "Western", "Asian", "Asians",
    "African", "Africans", "Arab", "Arabs", "Arabic", "Israeli", "Israelis",
    "Palestinian", "Palestinians", "Jewish", "Jew", "Jews", "Muslim",
    "Muslims", "Moslem", "Moslems", "Christian", "Christians", "Catholic",
    "Catholics", "Protestant", "Protestants", "Orthodox", "Islamic",
    "Sunni", "Shi'ite", "Shiite", "Kurdish", "Kurd", "Kurds", "Iraqi",
    "Iraqis", "Iranian", "Iranians", "Syrian", "Syrians", "Lebanese",
    "Jordanian", "Saudi", "Saudis", "Kuwaiti", "Qatari", "Emirati",
    "Yemeni", "Omani", "Bahraini", "Egyptian", "Egyptians", "Libyan",
    "Tunisian", "Algerian", "Algerians", "Moroccan", "Sudanese",
    "Ethiopian", "Somali", "Kenyan", "Ugandan", "Tanzanian", "Rwandan",
    "Burundian", "Congolese", "Nigerian", "Nigerians", "Ghanaian",
    "Senegalese", "Ivorian", "Cameroonian", "Angolan", "Zambian",
    "Zimbabwean", "Mozambican", "Namibian", "Liberian", "Malian",
    "South African", "South Africans", "Afghan", "Afghans", "Pakistani",
    "Pakistanis", "Indian", "Indians", "Bangladeshi", "Sri Lankan", "Nepali",
    "Nepalese", "Chinese", "Taiwanese", "Japanese", "Korean", "Koreans",
    "North Korean", "South Korean", "Mongolian", "Vietnamese", "Thai",
    "Cambodian", "Burmese", "Malaysian", "Singaporean", "Indonesian",
    "Filipino", "Filipinos", "Philippine", "Australian", "Australians",
    "New Zealander", "Canadian", "Canadians", "Mexican", "Mexicans",
    "Cuban", "Cubans", "Haitian", "Dominican", "Jamaican", "Puerto Rican",
    "Guatemalan", "Salvadoran", "Nicaraguan", "Panamanian", "Colombian",
    "Venezuelan", "Ecuadorean", "Ecuadorian", "Peruvian", "Bolivian",
    "Brazilian", "Brazilians", "Argentine", "Argentines", "Argentinian",
    "Chilean", "Uruguayan", "Paraguayan", "Latin", "Latino", "Hispanic",
    "Scandinavian", "Nordic", "Baltic", "Balkan", "Slav", "Slavic",
    "Caucasian", "Mediterranean", "Atlantic", "Gulf", "Anglo", "Franco",
    "Sino", "Euro", "Flemish", "Walloon", "Bavarian", "Catalan", "Basque",
    "Corsican", "Sicilian", "Tamil", "Tamils", "Sikh", "Sikhs", "Hindu",
    "Hindus", "Buddhist", "Tibetan", "Uighur", "Pashtun", "Hutu", "Hutus",
    "Tutsi", "Tutsis", "Zulu", "Maori", "Aboriginal", "Inuit", "Roma",
    "Democrat", "Republican", "Communist", "Communists", "Socialist",
    "Socialists", "Conservative", "Liberal", "Marxist", "Maoist",
};

constexpr absl::string_view kEventWords[] = {
    "Cup", "World Cup", "Championship", "Championships", "Open",
    "Olympics", "Olympic", "Games", "Grand Prix", "Prix", "Tour",
    "Tour de France", "Masters", "Grand Slam", "Wimbledon", "Derby",
    "Marathon", "Series", "World Series", "Super Bowl", "Trophy", "Prize",
    "Award", "Awards", "Oscar", "Oscars", "Festival", "Summit", "Conference",
    "Forum", "Expo", "Fair", "War", "World War", "Revolution", "Crisis",
    "Treaty", "Accord", "Agreement", "Act", "Bill", "Plan", "Index",
    "Classic", "Invitational", "Rally", "Regatta", "Race", "Stakes",
    "Biennale", "Week", "Day", "Christmas", "Easter", "Ramadan", "Eid",
    "Hanukkah", "Thanksgiving", "Ryder Cup", "Davis Cup", "Fed Cup",
    "Champions League", "Premier League", "Super League", "Serie A",
    "Bundesliga", "Primera Division", "Eredivisie", "Ligue 1", "NBA",
    "NFL", "NHL", "MLB", "Formula One", "Euro 96", "Euro 2000",
};

constexpr absl::string_view kAbbreviations[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Ste", "Mt", "Ft", "Gen", "Col",
    "Lt", "Sgt", "Capt", "Maj", "Adm", "Cmdr", "Gov", "Sen", "Rep", "Rev",
    "Jr", "Sr", "Co", "Corp", "Inc", "Ltd", "Bros", "No", "Nos", "vs", "v",
    "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "approx", "Ave", "Rd", "Blvd", "Dept", "Univ",
    "Assn", "Est", "Fig", "Mme", "Mlle", "Hon",
};

}  // namespace

absl::Span<const absl::string_view> PersonTitles() { return kPersonTitles; }
absl::Span<const absl::string_view> GivenNames() { return kGivenNames; }
absl::Span<const absl::string_view> OrganisationWords() {
  return kOrganisationWords;
}
absl::Span<const absl::string_view> OrganisationNames() {
  return kOrganisationNames;
}
absl::Span<const absl::string_view> ClubWords() { return kClubWords; }
absl::Span<const absl::string_view> LocationWords() { return kLocationWords; }
absl::Span<const absl::string_view> Regions() { return kRegions; }
absl::Span<const absl::string_view> CountryAliases() {
  return kCountryAliases;
}
absl::Span<const absl::string_view> Nationalities() { return kNationalities; }
absl::Span<const absl::string_view> EventWords() { return kEventWords; }
absl::Span<const absl::string_view> Abbreviations() { return kAbbreviations; }

}  // namespace byline::ner
