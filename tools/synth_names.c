/*
 * synth_names.c: name lists for the synthetic state.  Weights are relative
 * frequencies: Smith and Garcia are common, Szymanski and Yazzie rare.
 */
#include <string.h>

#include "synth_names.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const female[] = {
	"Olivia", "Emma", "Charlotte", "Amelia", "Sophia", "Mia", "Isabella", "Ava",
	"Evelyn", "Luna", "Harper", "Sofia", "Camila", "Eleanor", "Elizabeth", "Violet",
	"Scarlett", "Emily", "Hazel", "Lily", "Gianna", "Aurora", "Penelope", "Aria",
	"Nora", "Chloe", "Ellie", "Mila", "Avery", "Layla", "Abigail", "Ella",
	"Isla", "Eliana", "Nova", "Madison", "Zoe", "Ivy", "Grace", "Lucy",
	"Maria", "Guadalupe", "Ximena", "Valentina", "Fernanda", "Renata", "María José", "Lucía",
	"Nguyen Thi Mai", "Mai", "Linh", "Jasmine", "Aaliyah", "Imani", "Destiny", "Ayesha",
	"Priya", "Ananya", "Fatima", "Amara", "Chiamaka", "Ngozi", "Keira", "Nizhoni",
	"Leilani", "Kaia", "Siosaia", "Hana", "Yuna", "Seo-yeon", "Zofia", "Anastasia",
};
static const unsigned female_w[] = {
	90, 85, 70, 68, 60, 58, 55, 54, 40, 35, 34, 33, 32, 30, 30, 28,
	27, 27, 26, 26, 20, 20, 19, 19, 18, 18, 17, 17, 16, 16, 16, 15,
	14, 14, 14, 13, 13, 12, 12, 12, 45, 10, 9, 14, 6, 6, 4, 12,
	1, 5, 5, 9, 9, 5, 6, 4, 5, 3, 6, 3, 2, 2, 3, 1,
	3, 3, 1, 4, 3, 1, 2, 3,
};
static const char *const male[] = {
	"Liam", "Noah", "Oliver", "James", "Elijah", "William", "Henry", "Lucas",
	"Benjamin", "Theodore", "Mateo", "Levi", "Sebastian", "Daniel", "Jack", "Michael",
	"Alexander", "Owen", "Asher", "Samuel", "Ethan", "Leo", "Jackson", "Mason",
	"Ezra", "John", "Hudson", "Luca", "Aiden", "Joseph", "David", "Jacob",
	"Logan", "Luke", "Julian", "Gabriel", "Grayson", "Wyatt", "Matthew", "Maverick",
	"Jayden", "Jaden", "Aidan", "José", "Jose", "Francisco", "Santiago", "Diego",
	"Juan Carlos", "Miguel", "Jesús", "Alejandro", "DeShawn", "Malik", "Jamal", "Tyrone",
	"Muhammad", "Omar", "Arjun", "Rohan", "Chukwuemeka", "Oluwaseun", "Minh", "Duc",
	"Hiroshi", "Min-jun", "Kekoa", "Tawa", "Ahiga", "Piotr", "Dmitri", "Tomasz",
};
static const unsigned male_w[] = {
	95, 88, 80, 75, 60, 58, 56, 55, 50, 45, 44, 40, 38, 38, 36, 35,
	34, 33, 30, 30, 29, 28, 27, 26, 25, 25, 24, 22, 21, 21, 21, 20,
	19, 19, 18, 18, 17, 17, 17, 15, 16, 10, 10, 20, 14, 10, 12, 11,
	3, 12, 5, 10, 4, 6, 5, 3, 9, 5, 4, 4, 2, 2, 4, 2,
	2, 2, 1, 1, 1, 2, 2, 2,
};
static const char *const surname[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
	"Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
	"Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
	"White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
	"Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
	"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
	"Carter", "Roberts", "García López", "Hernández", "Muñoz", "Peña", "Ibáñez",
	"Martínez-Ruiz", "De la Cruz", "Castillo", "Vargas", "Romero", "Tran", "Pham",
	"Le", "Kim", "Park", "Choi", "Chen", "Wang", "Li", "Zhang", "Patel", "Shah",
	"Singh", "Khan", "Ahmed", "Ali", "Okafor", "Adeyemi", "Mensah", "Diallo",
	"Begay", "Yazzie", "Tsosie", "Nakai", "Kealoha", "Fifita", "Tuilagi",
	"Szymanski", "Kowalski", "Nowak", "Ivanov", "Petrov", "Müller", "Schmidt",
	"O'Brien", "O'Connor", "McDonald", "Van der Berg", "St. John", "Smith-Jones",
	"Christensen", "Jensen", "Larsen", "Sorensen", "Nielsen", "Olsen", "Peterson",
	"Young", "Cannon", "Tanner", "Whitaker",
	/*
	 * The long tail: 1,248 rarer surnames, English, Spanish, Slavic,
	 * Scandinavian and German in build, each carrying a weight of 1 to 4
	 * against Smith's 100, 55% of the draws in all.  Without it one pair
	 * of children in 49 shared a surname, against about one in a thousand
	 * in the United States (2010 census frequencies), and matching was
	 * measured against far more namesakes (same names, same birth date)
	 * than a real registry has.  With it, one pair in 221: still more
	 * concentrated than a real state, on purpose (the hard cases).
	 */
	"Brookshaw", "Lockley", "Padera", "Kosuk", "Shelshaw", "Vedillo", "Barewski",
	"Paares", "Valares", "Galares", "Arona", "Malero", "Gorovic", "Lockmore", "Fairwell",
	"Burton", "Walford", "Esena", "Lundblad", "Valena", "Bergstedt", "Steinbach",
	"Dahlstedt", "Soldillo", "Walbury", "Holstead", "Dunford", "Steinhardt", "Northstead",
	"Thornhurst", "Veillo", "Northshaw", "Presford", "Malski", "Ellingridge", "Nordqvist",
	"Klingmann", "Goruk", "Ramswick", "Walfield", "Arero", "Kalski", "Zamdez", "Stedwell",
	"Polek", "Presby", "Engman", "Hartbury", "Dunby", "Saldillo", "Prescombe", "Veares",
	"Salales", "Kraenko", "Dobiak", "Radmore", "Lundberg", "Ashley", "Whithurst",
	"Soluela", "Klingstadt", "Walhurst", "Belega", "Navuela", "Lockby", "Dobski",
	"Brookton", "Solales", "Ashworth", "Caldcombe", "Volowski", "Solanda", "Polczyk",
	"Corino", "Candera", "Anderlund", "Westby", "Belena", "Ekqvist", "Presmore",
	"Hartwick", "Caldbury", "Shelbury", "Ramswood", "Alillo", "Baldillo", "Westbury",
	"Weissstadt", "Kosewski", "Nordstedt", "Gorczyk", "Dunwood", "Altstadt", "Caldby",
	"Northby", "Steininger", "Liebmeier", "Borenko", "Ramsfield", "Zamales", "Fairwood",
	"Ramscombe", "Haggren", "Kaluk", "Pemley", "Coruela", "Altner", "Winsmore", "Canuela",
	"Presworth", "Balino", "Lockford", "Bradfield", "Wallman", "Esona", "Marbury",
	"Blackfield", "Cordillo", "Casena", "Winshurst", "Pemwell", "Winsby", "Arena",
	"Dunworth", "Riero", "Dobov", "Brookhurst", "Burmore", "Cordez", "Valales", "Zamuela",
	"Galero", "Eastton", "Paino", "Borek", "Polovic", "Casdera", "Fairworth", "Polenko",
	"Sokowski", "Corona", "Stedworth", "Dahllund", "Burfield", "Corillo", "Fairby",
	"Bradwick", "Caldford", "Shelby", "Woodhurst", "Coranda", "Woodmore", "Bradwell",
	"Corarro", "Langcombe", "Orarro", "Malewski", "Westfield", "Redbury", "Delega",
	"Wallberg", "Ardera", "Woodstead", "Stedby", "Holshaw", "Bradcombe", "Thornwell",
	"Salillo", "Walwood", "Millby", "Sanddal", "Stedton", "Brookridge", "Zelowski",
	"Sokuk", "Feldberger", "Hagberg", "Preswick", "Kingsmore", "Pemby", "Thornby",
	"Valdillo", "Casero", "Radworth", "Wolfhardt", "Cranley", "Hampshaw", "Arino",
	"Gardillo", "Monares", "Feldstadt", "Eaststead", "Gardez", "Woodton", "Aluela",
	"Holby", "Whitford", "Paega", "Hampby", "Corero", "Eichner", "Zamero", "Kosski",
	"Cerino", "Woodley", "Brookford", "Blackbury", "Stanbury", "Stanmore", "Shelley",
	"Dunwick", "Eklund", "Chatford", "Alega", "Whitridge", "Orega", "Chatwood", "Sandman",
	"Ridera", "Luena", "Brookworth", "Garena", "Walridge", "Bradstead", "Dobek",
	"Dobewski", "Casales", "Arares", "Delena", "Hartwell", "Woodshaw", "Malenko",
	"Stanshaw", "Liebmann", "Malek", "Garero", "Aldera", "Hagdal", "Kalewski", "Deluela",
	"Belona", "Poliak", "Liebstadt", "Langwick", "Valanda", "Redley", "Kirchberger",
	"Lockshaw", "Kaliak", "Walldal", "Wolfmeier", "Cranwood", "Eastby", "Ardillo",
	"Hamphurst", "Holwell", "Baumann", "Dunwell", "Luarro", "Marridge", "Zelenko",
	"Novczyk", "Navero", "Deldillo", "Shelcombe", "Engberg", "Sokiak", "Roseninger",
	"Casarro", "Navanda", "Ellingshaw", "Radstead", "Northhurst", "Hartley", "Delarro",
	"Cranton", "Stedhurst", "Monillo", "Stedford", "Lindstedt", "Bergdal", "Riena",
	"Volenko", "Wisenko", "Bradridge", "Hofhardt", "Balanda", "Pembury", "Cerona",
	"Hampton", "Casona", "Marworth", "Galdez", "Kalowski", "Luino", "Cerdera",
	"Dahlqvist", "Riino", "Riillo", "Millwell", "Whitcombe", "Walby", "Pemwick",
	"Casanda", "Linddal", "Volczyk", "Ekberg", "Whitley", "Fairmore", "Cerdillo",
	"Kraczyk", "Malena", "Westford", "Esales", "Brookmore", "Voluk", "Lewowski", "Ashton",
	"Ashhurst", "Ashby", "Millstead", "Ludez", "Westridge", "Novuk", "Klinginger",
	"Pemridge", "Orero", "Casuela", "Gorski", "Esdez", "Ashstead", "Blackford", "Baubach",
	"Ashwood", "Weissinger", "Eastbury", "Valdez", "Kirchinger", "Orena", "Fairshaw",
	"Cranford", "Ellingcombe", "Malowski", "Holmgren", "Chatley", "Holmberg", "Harthurst",
	"Redhurst", "Eastcombe", "Holmore", "Marshaw", "Malares", "Caldwick", "Liebinger",
	"Malczyk", "Whitstead", "Eastwick", "Pemshaw", "Canares", "Northwood", "Volovic",
	"Liebbach", "Woodwell", "Lisov", "Dahlblad", "Weissmeier", "Burford", "Gorek",
	"Rosenbach", "Eastworth", "Balona", "Hampfield", "Oranda", "Ellingworth", "Ludera",
	"Ramston", "Burby", "Blackwell", "Redford", "Redmore", "Zeliak", "Brookbury",
	"Woodwick", "Ordez", "Langton", "Monino", "Chatworth", "Kingswell", "Alino",
	"Blackcombe", "Anderblad", "Millbury", "Veona", "Corena", "Navillo", "Eichstadt",
	"Lewuk", "Lewek", "Zamdera", "Presridge", "Winsridge", "Eichberger", "Chatcombe",
	"Ellingwick", "Gorov", "Eichmann", "Langhurst", "Hartfield", "Blackmore", "Corega",
	"Riega", "Klingberger", "Cerales", "Ramsby", "Sokewski", "Kingsley", "Cerdez",
	"Blackby", "Stanwick", "Holmstedt", "Gorewski", "Krauk", "Novewski", "Eastfield",
	"Norddal", "Caldton", "Millwick", "Navdillo", "Blackwood", "Lisenko", "Padillo",
	"Millwood", "Polov", "Dahlman", "Whitwell", "Lewski", "Casdez", "Redby", "Thornwood",
	"Malales", "Shelridge", "Baumeier", "Valega", "Whitby", "Malov", "Kosek", "Navona",
	"Nordberg", "Pemcombe", "Soldez", "Northcombe", "Woodridge", "Balega", "Caldwell",
	"Wisovic", "Cerares", "Burhurst", "Delero", "Steinberger", "Shelworth", "Cordera",
	"Hampworth", "Orillo", "Feldner", "Canino", "Dunhurst", "Riales", "Ridez", "Maldez",
	"Solena", "Burshaw", "Whitwood", "Burstead", "Rosenmann", "Winston", "Cranworth",
	"Arega", "Bradton", "Redworth", "Hampbury", "Redshaw", "Altberger", "Cranridge",
	"Burworth", "Wisewski", "Luona", "Dahlberg", "Woodbury", "Casega", "Hampmore",
	"Cranhurst", "Garales", "Woodworth", "Beldillo", "Holmqvist", "Maldillo", "Esarro",
	"Anderstedt", "Ashwick", "Sandgren", "Lindman", "Vedez", "Beluela", "Delillo",
	"Thornshaw", "Kalenko", "Walshaw", "Galuela", "Cranshaw", "Belanda", "Radley",
	"Kirchhardt", "Bradbury", "Monona", "Ramsmore", "Cranby", "Weisshardt", "Alona",
	"Wolfner", "Northworth", "Zamino", "Delona", "Brookwood", "Ellingby", "Fairfield",
	"Luega", "Whitwick", "Eichhardt", "Zamares", "Millley", "Volov", "Northfield",
	"Walwell", "Fairstead", "Lewewski", "Blackton", "Cranwick", "Lisewski", "Sandqvist",
	"Radfield", "Kraiak", "Kirchstadt", "Nordblad", "Dobowski", "Vearro", "Corales",
	"Kingsby", "Padez", "Aldez", "Zamdillo", "Novek", "Pemford", "Thornstead",
	"Lockhurst", "Delino", "Balillo", "Cranfield", "Lundqvist", "Cerarro", "Whitbury",
	"Woodcombe", "Maldera", "Ramsbury", "Liebner", "Caldhurst", "Langstead", "Garares",
	"Bradby", "Canarro", "Zelewski", "Fairford", "Ekgren", "Rosenmeier", "Navega",
	"Lockworth", "Lewov", "Galales", "Belales", "Volek", "Belarro", "Millford",
	"Winsford", "Garanda", "Sokek", "Northmore", "Polewski", "Pauela", "Alarro",
	"Thornworth", "Ceruela", "Northwick", "Kingston", "Ekdal", "Redwood", "Stedcombe",
	"Esillo", "Volewski", "Radwood", "Pemfield", "Gardera", "Westworth", "Chatfield",
	"Arillo", "Kosovic", "Radton", "Balero", "Fairridge", "Ellinghurst", "Easthurst",
	"Boruk", "Altbach", "Pemworth", "Kirchner", "Kingswick", "Kingsworth", "Langwood",
	"Pemton", "Hagqvist", "Caldfield", "Lockbury", "Ellingford", "Caldworth", "Holwick",
	"Barowski", "Belillo", "Orares", "Bauinger", "Veero", "Preshurst", "Rianda",
	"Hofstadt", "Millhurst", "Maluk", "Sokski", "Holmdal", "Solona", "Lockwick",
	"Caldridge", "Valillo", "Fairhurst", "Salanda", "Northridge", "Monega", "Hartby",
	"Baluela", "Hartridge", "Dahlgren", "Caldmore", "Brookby", "Blackhurst", "Paarro",
	"Caldstead", "Redton", "Radcombe", "Belares", "Veega", "Alanda", "Cranmore",
	"Cerillo", "Ordillo", "Altmann", "Eastridge", "Cranwell", "Lewenko", "Zelczyk",
	"Lindblad", "Brookwell", "Vedera", "Ashshaw", "Westley", "Galega", "Feldhardt",
	"Veanda", "Veales", "Weissberger", "Whitshaw", "Marmore", "Fairwick", "Galino",
	"Paero", "Walley", "Aruela", "Nordgren", "Langley", "Northbury", "Paena", "Hampcombe",
	"Paanda", "Holmman", "Lunddal", "Ekman", "Shelmore", "Salarro", "Lisiak", "Enggren",
	"Walcombe", "Marfield", "Altmeier", "Redwick", "Novov", "Balarro", "Bariak",
	"Canales", "Dunshaw", "Hofberger", "Dobovic", "Steinstadt", "Borczyk", "Delales",
	"Lisovic", "Ramswell", "Novovic", "Luales", "Holford", "Chatshaw", "Maluela",
	"Lockridge", "Shelwick", "Esares", "Marhurst", "Boriak", "Dobuk", "Dunmore",
	"Burbury", "Millcombe", "Langbury", "Northwell", "Stanhurst", "Pemmore", "Galillo",
	"Brookfield", "Holbury", "Ramsridge", "Wolfinger", "Balales", "Presley", "Burwick",
	"Ashbury", "Liebhardt", "Hampwell", "Woodby", "Marwell", "Shelhurst", "Winsshaw",
	"Brookcombe", "Balena", "Ellingwood", "Salino", "Borovic", "Rosenhardt", "Kingscombe",
	"Solarro", "Navino", "Feldinger", "Chatwick", "Esega", "Salega", "Millridge",
	"Chathurst", "Zelovic", "Chatbury", "Valino", "Kalek", "Eichinger", "Dunley",
	"Langwell", "Delanda", "Whitton", "Baustadt", "Kingswood", "Esero", "Paales",
	"Hartford", "Berggren", "Blackridge", "Wallqvist", "Kirchmann", "Lockwell",
	"Weissbach", "Riuela", "Stanley", "Lundman", "Cerena", "Walworth", "Hartstead",
	"Holton", "Zeluk", "Altinger", "Thornridge", "Holley", "Kraowski", "Liebberger",
	"Feldbach", "Monuela", "Crancombe", "Lindlund", "Thornley", "Weststead", "Westwick",
	"Orino", "Hampwick", "Lundstedt", "Feldmeier", "Whitfield", "Salona", "Caldley",
	"Wisuk", "Galanda", "Anderman", "Aldillo", "Engblad", "Burwood", "Galona", "Dobenko",
	"Sandberg", "Kingsridge", "Barov", "Valuela", "Engstedt", "Radwell", "Hofmeier",
	"Ekblad", "Stanfield", "Saluela", "Dobczyk", "Ashwell", "Kingsstead", "Solino",
	"Malillo", "Thornmore", "Hofmann", "Ridillo", "Weissner", "Alena", "Valona", "Garona",
	"Langridge", "Kirchmeier", "Wisowski", "Presfield", "Millfield", "Sokov", "Alero",
	"Hartton", "Althardt", "Thornford", "Fairton", "Esdillo", "Wolfbach", "Stanwell",
	"Walton", "Baruk", "Canillo", "Redcombe", "Cerega", "Millmore", "Borski", "Voliak",
	"Winswick", "Solillo", "Sandstedt", "Klingbach", "Pemhurst", "Kalov", "Malona",
	"Lockcombe", "Ramsworth", "Anderdal", "Casdillo", "Ardez", "Chatridge", "Eastmore",
	"Wallblad", "Zamega", "Marcombe", "Lockton", "Nordman", "Stedridge", "Deldera",
	"Deldez", "Riares", "Chatwell", "Lockwood", "Poluk", "Kraski", "Chatton", "Rosenner",
	"Eastwell", "Eastley", "Casares", "Shelwell", "Kingshurst", "Kalczyk", "Lindberg",
	"Caldshaw", "Stedfield", "Salena", "Belino", "Garillo", "Stanwood", "Sokenko",
	"Stedmore", "Thornton", "Weissmann", "Saldera", "Brookwick", "Redstead", "Marwood",
	"Preswood", "Luuela", "Beldera", "Ellington", "Winswood", "Lewczyk", "Marby",
	"Solega", "Wisczyk", "Shelford", "Barek", "Malega", "Kraek", "Soldera", "Navdera",
	"Canega", "Holmblad", "Rosenstadt", "Polowski", "Woodwood", "Holhurst", "Volski",
	"Navarro", "Hofinger", "Lindgren", "Maliak", "Noviak", "Feldmann", "Stancombe",
	"Monanda", "Bergqvist", "Mondillo", "Ceranda", "Stanridge", "Ellingstead",
	"Rosenberger", "Klinghardt", "Orona", "Barski", "Faircombe", "Westmore", "Preston",
	"Barovic", "Winswell", "Blackwick", "Wallgren", "Kingsbury", "Bergberg", "Mondera",
	"Mondez", "Oruela", "Bergblad", "Saldez", "Novowski", "Esdera", "Wolfmann", "Zamona",
	"Canena", "Hartshaw", "Westwood", "Redridge", "Radshaw", "Arales", "Radhurst",
	"Stanworth", "Eichmeier", "Corares", "Chatmore", "Casillo", "Dahldal", "Klingmeier",
	"Esanda", "Stanby", "Westshaw", "Millton", "Walllund", "Langmore", "Esino", "Sokczyk",
	"Westhurst", "Ellingwell", "Lindqvist", "Sokovic", "Wisov", "Westton", "Dunfield",
	"Millshaw", "Galena", "Ellingfield", "Caldwood", "Hartwood", "Dunton", "Holmlund",
	"Blackworth", "Wisski", "Burwell", "Borowski", "Zelek", "Steinmann", "Westwell",
	"Galarro", "Lewovic", "Navales", "Malarro", "Alales", "Luanda", "Luares", "Barenko",
	"Engqvist", "Goriak", "Kingsford", "Luillo", "Dunstead", "Holcombe", "Kirchbach",
	"Wolfstadt", "Ashmore", "Wisiak", "Monena", "Kingsfield", "Ekstedt", "Sandlund",
	"Westcombe", "Stanford", "Marford", "Stedwood", "Whitworth", "Esuela", "Eastford",
	"Holwood", "Holfield", "Zamanda", "Klingner", "Lisuk", "Whitmore", "Blackshaw",
	"Duncombe", "Bauner", "Candez", "Orales", "Redwell", "Marstead", "Northton",
	"Dunridge", "Walwick", "Brookley", "Wisek", "Balares", "Monarro", "Burridge", "Lisek",
	"Ramshurst", "Winsworth", "Presshaw", "Walmore", "Bradley", "Alares", "Hampridge",
	"Preswell", "Lewiak", "Hartworth", "Veena", "Bergman", "Radby", "Bradford", "Beldez",
	"Winsfield", "Eastshaw", "Casino", "Zelski", "Thornwick", "Haglund", "Veuela",
	"Steinner", "Malovic", "Kosowski", "Eichbach", "Solares", "Ramsley", "Langby",
	"Presbury", "Novenko", "Dunbury", "Burcombe", "Malanda", "Galdera", "Ashford",
	"Kosczyk", "Kraovic", "Lisowski", "Navena", "Brookstead", "Shelton", "Marton",
	"Stedstead", "Navares", "Wolfberger", "Ellingley", "Andergren", "Shelfield",
	"Northley", "Luero", "Langshaw", "Bauhardt", "Winscombe", "Monales", "Hampwood",
	"Woodford", "Blackstead", "Marwick", "Kosov", "Stanstead", "Hofbach", "Holridge",
	"Ramsshaw", "Malino", "Hartmore", "Kalovic", "Valero", "Radford", "Zamena", "Hofner",
	"Winsstead", "Bradwood", "Garega", "Kosenko", "Langworth", "Winsbury", "Englund",
	"Berglund", "Riona", "Fairley", "Ashridge", "Paillo", "Riarro", "Kingsshaw",
	"Hampford", "Solero", "Hagstedt", "Monero", "Ludillo", "Bauberger", "Barczyk",
	"Bradworth", "Salares", "Radbury", "Lisski", "Cerero", "Ashcombe", "Aranda",
	"Radwick", "Ellingmore", "Novski", "Bradmore", "Canero", "Cranbury", "Chatby",
	"Lockfield", "Ararro", "Anderqvist", "Kraewski", "Gorowski", "Salero", "Stedshaw",
	"Kosiak", "Thornfield", "Paona", "Stedwick", "Borov", "Ellingbury", "Lockstead",
	"Hartcombe", "Holworth", "Thorncombe", "Chatstead", "Langford", "Blackley", "Veino",
	"Walstead", "Delares", "Northford", "Pemwood", "Bradshaw", "Lisczyk", "Burley",
	"Langfield", "Eastwood", "Shelstead", "Sandblad", "Candillo", "Hagman", "Canona",
	"Gararro", "Hampstead", "Kraov", "Woodfield", "Zamarro", "Redfield", "Gorenko",
	"Engdal", "Zamillo", "Hagblad", "Presstead", "Winsley", "Fairbury", "Steinmeier",
	"Stedbury", "Marley", "Radridge", "Garuela", "Borewski", "Ramsstead", "Ramsford",
	"Baldez", "Cananda", "Lundgren", "Stanton", "Anderberg", "Ashfield", "Garino",
	"Ordera", "Shelwood", "Pemstead", "Wallstedt", "Polski", "Galdillo", "Baldera",
	"Thornbury", "Stedley", "Zelov", "Nordlund", "Valarro", "Cranstead", "Bradhurst",
	"Belero", "Millworth", "Valdera", "Navdez", "Hampley", "Lundlund",
};
static const unsigned surname_w[] = {
	100, 80, 70, 65, 62, 60, 55, 50, 48, 47, 46, 44, 42, 40, 38,
	35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 26, 25, 25, 24, 24, 23,
	23, 22, 22, 21, 21, 21, 20, 20, 20, 19, 19, 18, 18, 18, 18, 17,
	17, 16, 16, 4, 6, 5, 4, 2, 1, 4, 8, 8, 7, 8, 5,
	4, 9, 5, 3, 8, 6, 7, 5, 8, 3, 5, 4, 4, 4, 2, 1, 1, 1,
	3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2,
	3, 3, 3, 1, 1, 1, 4, 6, 5, 3, 3, 4, 6,
	5, 3, 3, 2,
	/* the long tail */
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1,
	1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2,
	1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2,
	2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4,
	2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1,
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1,
	1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2,
	1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2,
	2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4,
	2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1,
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1,
	1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2,
	1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2,
	2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4,
	2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1,
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1,
	1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2,
	1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2,
	2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4,
	2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1,
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1,
	1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2,
	1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2,
	2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4,
	2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1,
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1,
	1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2,
	1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2,
	2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4,
	2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1,
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1,
	1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2,
	1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2,
	2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4,
	2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1,
	4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1, 1, 4, 2, 2, 1, 1,
	1,
};

#define LIST(v, names, weights) \
	_Static_assert(N(names) == N(weights), "one weight per name"); \
	const struct name_list v = { names, weights, N(names) }

LIST(female_names, female, female_w);
LIST(male_names, male, male_w);
LIST(surnames, surname, surname_w);

static const char *const similar[][2] = {
	{ "Jayden", "Jaden" }, { "Jaden", "Jayden" }, { "Aidan", "Aiden" },
	{ "Aiden", "Aidan" }, { "José", "Jose" }, { "Jose", "José" },
	{ "Ella", "Ellie" }, { "Ellie", "Ella" }, { "Mia", "Maya" },
};

unsigned long long name_list_total(const struct name_list *l)
{
	unsigned long long t = 0;
	unsigned i;

	for (i = 0; i < l->n; i++)
		t += l->weights[i];
	return t;
}

const char *similar_first_name(const char *name)
{
	size_t i;

	for (i = 0; i < N(similar); i++)
		if (!strcmp(similar[i][0], name))
			return similar[i][1];
	return NULL;
}

/* Legal first name, then its diminutives as LEAs report them. */
static const char *const nicknames[][4] = {
	{ "William", "Bill", "Will", "Billy" },
	{ "Elizabeth", "Beth", "Liz", "Lizzie" },
	{ "Francisco", "Paco", "Pancho", "Frank" },
	{ "José", "Pepe", "Joe", NULL },
	{ "Jose", "Pepe", "Joe", NULL },
	{ "Guadalupe", "Lupe", "Lupita", NULL },
	{ "Alexander", "Alex", "Xander", NULL },
	{ "Alejandro", "Alex", "Ale", NULL },
	{ "Benjamin", "Ben", "Benny", NULL },
	{ "Daniel", "Dan", "Danny", NULL },
	{ "Michael", "Mike", "Mikey", NULL },
	{ "Matthew", "Matt", NULL, NULL },
	{ "James", "Jim", "Jimmy", "Jamie" },
	{ "Samuel", "Sam", "Sammy", NULL },
	{ "Theodore", "Theo", "Ted", "Teddy" },
	{ "Joseph", "Joe", "Joey", NULL },
	{ "Jacob", "Jake", NULL, NULL },
	{ "Isabella", "Bella", "Izzy", NULL },
	{ "Olivia", "Liv", "Livvy", NULL },
	{ "Sophia", "Sophie", NULL, NULL },
	{ "Abigail", "Abby", "Gail", NULL },
	{ "Eleanor", "Ellie", "Nora", NULL },
	{ "Charlotte", "Charlie", "Lottie", NULL },
	{ "Gabriel", "Gabe", NULL, NULL },
	{ "Jesús", "Chuy", "Jesus", NULL },
	{ "Santiago", "Santi", NULL, NULL },
	{ "Valentina", "Vale", NULL, NULL },
	{ "Fernanda", "Fer", NULL, NULL },
	{ "Anastasia", "Ana", "Stacy", NULL },
	{ "Evelyn", "Evie", NULL, NULL },
	{ "Penelope", "Penny", NULL, NULL },
	{ "Madison", "Maddie", NULL, NULL },
	{ "Jackson", "Jack", NULL, NULL },
	{ "Sebastian", "Seb", NULL, NULL },
	{ "Nicholas", "Nick", NULL, NULL },
	{ "Muhammad", "Mo", NULL, NULL },
	{ "Dmitri", "Dima", NULL, NULL },
};

const char *nickname_of(const char *name, unsigned choice)
{
	size_t i;

	for (i = 0; i < N(nicknames); i++) {
		if (strcmp(nicknames[i][0], name))
			continue;
		{
			unsigned n = 0;

			while (n < 3 && nicknames[i][n + 1])
				n++;
			return nicknames[i][1 + choice % n];
		}
	}
	return NULL;
}

/* Two-byte UTF-8 Latin-1 letters (second byte after 0xC3) and their ASCII. */
static const char latin1_fold[64] = {
	'A', 'A', 'A', 'A', 'A', 'A', 'A', 'C', 'E', 'E', 'E', 'E', 'I', 'I', 'I', 'I',
	'D', 'N', 'O', 'O', 'O', 'O', 'O', 0, 'O', 'U', 'U', 'U', 'U', 'Y', 0, 0,
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 'y',
};

int fold_accents(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	int changed = 0;

	while (*p && n + 1 < size) {
		if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF && latin1_fold[p[1] - 0x80]) {
			out[n++] = latin1_fold[p[1] - 0x80];
			p += 2;
			changed = 1;
		} else {
			out[n++] = (char)*p++;
		}
	}
	out[n] = '\0';
	return changed;
}

static const char *const qwerty[] = { "qwertyuiop", "asdfghjkl", "zxcvbnm" };

char keyboard_neighbour(char c, unsigned choice)
{
	int row, col;

	for (row = 0; row < 3; row++) {
		const char *k = strchr(qwerty[row], c);
		char cand[4];
		int n = 0;

		if (!k || !c)
			continue;
		col = (int)(k - qwerty[row]);
		if (col > 0)
			cand[n++] = qwerty[row][col - 1];
		if (qwerty[row][col + 1])
			cand[n++] = qwerty[row][col + 1];
		if (row > 0 && col < (int)strlen(qwerty[row - 1]))
			cand[n++] = qwerty[row - 1][col];
		if (row < 2 && col < (int)strlen(qwerty[row + 1]))
			cand[n++] = qwerty[row + 1][col];
		return n ? cand[choice % (unsigned)n] : c;
	}
	return c;
}
