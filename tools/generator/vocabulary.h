#pragma once

#include <array>
#include <string_view>

// Word lists for the synthetic records. Names are common UK first names and surnames combined at
// random; streets, towns, premises and postcodes are invented (the districts follow the UK pattern
// but the full codes do not correspond to real addresses). All coordinates sit in a small box
// (lat 52.50-52.53, lon -2.10 to -2.06) around the invented town of Harbridge.
namespace harbour::generator::vocabulary {

using Words = std::string_view;

inline constexpr auto kGirlNames = std::to_array<Words>({
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace",
    "Willow", "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn", "Sienna",
    "Sofia", "Daisy", "Phoebe", "Millie", "Ruby", "Harper", "Chloe", "Jessica", "Holly", "Megan", "Lacey",
    "Courtney", "Chelsea", "Paige", "Shannon", "Jade", "Leah", "Tia", "Kayla", "Nadia", "Aaliyah", "Zara",
    "Amira", "Hannah", "Bethany", "Abigail", "Katie", "Lauren", "Demi", "Summer", "Skye", "Maisie", "Tilly",
    "Alisha", "Keira", "Casey", "Amber", "Jasmine"});

inline constexpr auto kBoyNames = std::to_array<Words>({
    "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theo", "Jack",
    "Charlie", "Thomas", "Jacob", "Alfie", "Freddie", "Isaac", "Joshua", "Mason", "Tyler", "Kai", "Reece",
    "Callum", "Connor", "Jordan", "Liam", "Riley", "Ethan", "Lewis", "Kieran", "Jayden", "Dylan", "Adam",
    "Ryan", "Zain", "Bilal", "Aaron", "Kyle", "Brandon", "Luca"});

inline constexpr auto kSurnames = std::to_array<Words>({
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
    "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott",
    "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly",
    "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
    "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell",
    "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell",
    "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed",
    "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders",
    "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley",
    "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan",
    "Grant", "Wells", "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett",
    "Gregory", "Lowe", "Nicholson", "Doyle", "Mahmood", "Akhtar", "Nowak", "Kowalski", "Okafor", "Mensah"});

/// Street name stems, mostly invented, combined with kStreetKinds.
inline constexpr auto kStreetStems = std::to_array<Words>({
    "Larchmere", "Quillon", "Marrowby", "Wrenfield", "Cotterhill", "Alderbrook", "Pennock", "Saltwell",
    "Brinsley", "Hollins", "Tamworthy", "Oakhanger", "Fenwick", "Kestrel", "Ashdown", "Bramblegate", "Coppice",
    "Dunmore", "Elmstead", "Foxlow", "Gorsey", "Hawbury", "Ivydene", "Juniper", "Kilnbrook", "Lindale",
    "Mossvale", "Netherfold", "Orchardleigh", "Parkgate", "Quarrybank", "Rowanby", "Sedgemoor", "Thornleigh",
    "Underhill", "Vicarage", "Westcote", "Yewdale", "Cinderhill", "Furnace", "Canalside", "Lockkeeper",
    "Chainmaker", "Nailers", "Glassworks", "Foundry", "Tipping", "Brickkiln", "Pitfield", "Colliery"});

inline constexpr auto kStreetKinds = std::to_array<Words>({
    "Road", "Street", "Close", "Avenue", "Lane", "Grove", "Way", "Crescent", "Drive", "Walk"});

struct District {
    Words postcodeDistrict;
    Words town;
    double lat; ///< centre of the invented district, inside the town's box
    double lon;
};

inline constexpr std::array kDistricts = {
    District{"DY1", "Harbridge", 52.5125, -2.0850}, District{"DY2", "Harbridge", 52.5060, -2.0780},
    District{"DY3", "Netherwood", 52.5240, -2.0960}, District{"DY4", "Oldcastle", 52.5270, -2.0700},
    District{"DY5", "Brierton", 52.5030, -2.0950}, District{"DY6", "Kingsbrook", 52.5090, -2.0990},
    District{"DY7", "Stourley", 52.5020, -2.0880}, District{"DY8", "Wollaston Heath", 52.5050, -2.0640},
    District{"DY9", "Lyebridge", 52.5160, -2.0640}, District{"B69", "Rowley Vale", 52.5210, -2.0660},
    District{"WS10", "Wednesfold", 52.5280, -2.0810}};

/// Second-half letters allowed by the postcode pattern ([ABD-HJLNP-UW-Z]).
inline constexpr Words kPostcodeUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";
/// Letters allowed in the first two and last three places of a current-format mark.
inline constexpr Words kMarkAreaLetters = "ABCDEFGHJKLMNOPRSTUVWXY";
inline constexpr Words kMarkRandomLetters = "ABCDEFGHJKLMNOPRSTUVWXYZ";

/// Busy public places that many unrelated reports mention; they must not glue cases together.
struct Hub {
    Words name;
    Words address;
    double lat;
    double lon;
};

inline constexpr std::array kHubs = {
    Hub{"Bus station", "Castle Street, Harbridge DY1 1QE", 52.5121, -2.0832},
    Hub{"Merryvale Shopping Centre", "Merryvale Way, Brierton DY5 1SX", 52.5031, -2.0947},
    Hub{"Priory Fields park", "Priory Road, Harbridge DY1 4EU", 52.5236, -2.0874},
    Hub{"Harbridge railway station", "Station Approach, Harbridge DY2 0XA", 52.5058, -2.0791},
    Hub{"Netherwood leisure centre", "Furnace Lane, Netherwood DY3 2HT", 52.5251, -2.0962}};

inline constexpr auto kSuspectNicknames = std::to_array<Words>({
    "Taz", "Biggz", "Shorty", "Kash", "Zee", "Mo", "Jay", "T-Bone", "Scar", "Slim", "Deej", "Kaz",
    "Rocco", "Dutch", "Snowy", "Tiny", "Ace", "Blade", "Chops", "Dizzy", "Flash", "Ghost", "Jinx", "Smokey",
    "Bossman", "Uncle", "Red", "Bugsy", "Moose", "Rizla", "Skinny", "Tank", "Spider", "Pops", "Junior",
    "Sonny", "Bam", "Rami", "Kev", "Dev", "Zed", "Sid", "Baz", "Gaz", "Daz", "Tel", "Max", "Rico", "Bones",
    "Stretch", "Nitro", "Bullet", "Lucky", "Fingers", "Bandit", "Shadow", "Ricky B", "Little J", "Big Mo",
    "Meathead", "Sparks", "Boxer", "Mr T", "Prince", "Sully", "Digger", "Wheels", "Cash", "Dollar", "Milo",
    "Kojak", "Tyson", "Yogi", "Chico", "Pablo", "Storm", "Turbo", "Diesel", "Vinnie", "Romeo"});

inline constexpr auto kNicknamePrefixes = std::to_array<Words>({"Big", "Lil", "Young", "Mad", "Uncle"});

inline constexpr auto kTakeawayFirst = std::to_array<Words>({
    "Kingz", "Royal", "Golden", "Star", "Express", "Perfect", "Mega", "Crown", "Sunrise", "Chicago",
    "Tasty", "Diamond", "Super", "Village", "Corner", "Midnight", "Best", "Happy", "Jolly", "Zaika"});
inline constexpr auto kTakeawaySecond = std::to_array<Words>({
    "Pizza", "Kebabs", "Chicken", "Grill", "Fried Chicken", "Kebab House", "Pizza & Grill", "Chippy",
    "Burgers", "Peri Peri"});
inline constexpr auto kTaxiFirst = std::to_array<Words>({
    "A1", "Star", "Castle", "Swift", "Apex", "Town", "Silverline", "Direct", "Falcon", "Eagle",
    "Central", "Premier", "Ace", "Comet", "Metro", "Rapid", "Red Line", "Blue Line", "Gold Star", "Ambassador"});
inline constexpr auto kTaxiSecond = std::to_array<Words>({"Cars", "Taxis", "Private Hire", "Minicabs"});
inline constexpr auto kHotelFirst = std::to_array<Words>({
    "Castle", "Station", "Park View", "Royal", "Regency", "Canal", "Heathside", "Priory", "Grand",
    "Victoria", "Albion", "Crossways", "Midway", "Limes", "Beeches", "Oaklands", "Ashford", "Elms", "Ivy",
    "Manor"});
inline constexpr auto kHotelSecond = std::to_array<Words>({"Hotel", "Inn", "Lodge", "Guest House"});
inline constexpr auto kShishaFirst = std::to_array<Words>({
    "Cloud 9", "Sahara", "Arabian Nights", "Mirage", "Oasis", "Velvet", "Lounge 21", "Casablanca"});

struct CarModel {
    Words make;
    Words model;
};

inline constexpr std::array kCars = {
    CarModel{"Vauxhall", "Astra"}, CarModel{"Vauxhall", "Corsa"}, CarModel{"Vauxhall", "Insignia"},
    CarModel{"Ford", "Focus"}, CarModel{"Ford", "Fiesta"}, CarModel{"BMW", "3 Series"}, CarModel{"BMW", "1 Series"},
    CarModel{"Audi", "A3"}, CarModel{"Audi", "A4"}, CarModel{"Mercedes-Benz", "C-Class"},
    CarModel{"Toyota", "Prius"}, CarModel{"Skoda", "Octavia"}, CarModel{"Volkswagen", "Golf"},
    CarModel{"Volkswagen", "Passat"}, CarModel{"Nissan", "Qashqai"}, CarModel{"Seat", "Leon"},
    CarModel{"Peugeot", "208"}, CarModel{"Kia", "Sportage"}, CarModel{"Honda", "Civic"},
    CarModel{"Toyota", "Auris"}};

inline constexpr auto kColours = std::to_array<Words>({
    "silver", "black", "white", "grey", "blue", "red", "dark blue", "dark grey", "green", "gold"});

struct Agency {
    Words name;
    std::array<Words, 3> posts;
};

inline constexpr std::array kAgencies = {
    Agency{"Police", {"PC", "DC", "PCSO"}},
    Agency{"Health", {"School nurse", "Sexual health nurse", "A&E nurse"}},
    Agency{"Education", {"Designated safeguarding lead", "Head of year", "Attendance officer"}},
    Agency{"Children's Social Care", {"Social worker", "Family support worker", "Team manager"}},
    Agency{"Youth Offending Service", {"Case manager", "YOS officer", "Support worker"}},
    Agency{"Voluntary sector", {"Youth worker", "Outreach worker", "CSE project worker"}},
    Agency{"Housing", {"Housing officer", "Tenancy officer", "Housing officer"}},
    Agency{"Licensing", {"Licensing officer", "Taxi licensing officer", "Licensing officer"}},
    Agency{"Residential care", {"Residential care worker", "Home manager", "Key worker"}}};

inline constexpr auto kEthnicities = std::to_array<Words>({
    "White British", "White British", "White British", "White British", "Mixed White and Black Caribbean",
    "Asian British - Pakistani", "Asian British - Indian", "Black British - Caribbean", "White Other",
    "Mixed Other", "Asian British - Bangladeshi", "Black British - African"});

inline constexpr auto kLivesWith = std::to_array<Words>({
    "Mother", "Mother", "Mother", "Both parents", "Both parents", "Father", "Grandmother", "Aunt",
    "Mother and stepfather"});

inline constexpr auto kDisabilities = std::to_array<Words>({"Autism", "ADHD", "Hearing impairment", "Epilepsy"});

inline constexpr auto kOnlineServices = std::to_array<Words>({
    "snapchat", "snapchat", "instagram", "tiktok", "whatsapp", "facebook", "kik"});

inline constexpr auto kSuspectLooks = std::to_array<Words>({
    "Asian male", "White male", "Black male", "Mixed race male", "White female", "Asian male",
    "White male", "Eastern European male"});
inline constexpr auto kSuspectAges = std::to_array<Words>({
    "late teens", "early 20s", "mid 20s", "late 20s", "30s", "early 40s", "about 50"});
inline constexpr auto kSuspectFeatures = std::to_array<Words>({
    "beard", "shaved head", "slim build", "stocky", "tattoo on neck", "gold chain", "glasses",
    "wears a black puffer jacket", "scar on left cheek", "short dark hair"});

} // namespace harbour::generator::vocabulary
