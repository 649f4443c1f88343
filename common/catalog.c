/*
 * catalog.c: the record catalog and its code sets.
 *
 * This is the one place record types and fields are defined.  Ingest finds CSV
 * columns through csv_names, validation checks types, lengths and code sets,
 * load names warehouse columns, and docs/submission-spec.md is generated from
 * it.  Codes follow the Common Education Data Standards where CEDS has an
 * option set (sex, race: the EDFacts seven-category codes).
 */
#include <stddef.h>
#include <string.h>

#include "catalog.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *const catalog_provenance[CATALOG_NPROVENANCE] = {
	"_submission", "_file", "_line"
};

static const struct code_value sex_codes[] = {
	{ "F", "Female" },
	{ "M", "Male" },
	{ "X", "Not selected / nonbinary" },
};

static const struct code_value race_codes[] = {
	{ "AM7", "American Indian or Alaska Native" },
	{ "AS7", "Asian" },
	{ "BL7", "Black or African American" },
	{ "HI7", "Hispanic/Latino" },
	{ "MU7", "Two or more races" },
	{ "PI7", "Native Hawaiian or Other Pacific Islander" },
	{ "WH7", "White" },
};

static const struct code_value grade_codes[] = {
	{ "PK", "Prekindergarten" },
	{ "KG", "Kindergarten" },
	{ "01", "First grade" },
	{ "02", "Second grade" },
	{ "03", "Third grade" },
	{ "04", "Fourth grade" },
	{ "05", "Fifth grade" },
	{ "06", "Sixth grade" },
	{ "07", "Seventh grade" },
	{ "08", "Eighth grade" },
	{ "09", "Ninth grade" },
	{ "10", "Tenth grade" },
	{ "11", "Eleventh grade" },
	{ "12", "Twelfth grade" },
};

static const struct code_value entry_codes[] = {
	{ "E0", "Continuing from the previous school year in the same LEA" },
	{ "E1", "First entry into a school in the United States" },
	{ "E2", "Transfer from a school in the same LEA" },
	{ "E3", "Transfer from another LEA in the state" },
	{ "E4", "Transfer from another state or country" },
	{ "E5", "Transfer from a private school or home schooling" },
	{ "E6", "Concurrent part-time enrollment alongside a primary enrollment in another LEA" },
	{ "R1", "Re-entry after a withdrawal" },
};

static const struct code_value exit_codes[] = {
	{ "C1", "End of school year, continuing" },
	{ "D1", "Dropped out" },
	{ "D2", "Deceased" },
	{ "G1", "Graduated with a regular diploma" },
	{ "G2", "Completed with another credential" },
	{ "W1", "Transfer to a school in the same LEA" },
	{ "W2", "Transfer to another LEA in the state" },
	{ "W3", "Transfer to another state or country" },
	{ "W4", "Transfer to a private school or home schooling" },
};

static const struct code_value yes_no_codes[] = {
	{ "N", "No" },
	{ "Y", "Yes" },
};

static const struct code_value lea_type_codes[] = {
	{ "CHR", "Independent charter school LEA" },
	{ "REG", "Regular public school district" },
	{ "VIR", "Statewide online (virtual) provider" },
};

static const struct code_value school_level_codes[] = {
	{ "EL", "Elementary school" },
	{ "HS", "High school" },
	{ "MS", "Middle or junior high school" },
	{ "OT", "Other or multi-level school" },
};

static const struct code_value position_codes[] = {
	{ "ADM", "Administrator" },
	{ "CNS", "Counselor" },
	{ "PAR", "Paraprofessional" },
	{ "SUP", "Other student support staff" },
	{ "TCH", "Teacher" },
};

static const struct code_value license_codes[] = {
	{ "ASC", "Associate educator license" },
	{ "L1", "Professional educator license, level 1" },
	{ "L2", "Professional educator license, level 2" },
	{ "L3", "Professional educator license, level 3" },
	{ "TMP", "Temporary or emergency authorization" },
};

static const struct code_value subject_codes[] = {
	{ "ART", "Fine arts" },
	{ "CS", "Computer science" },
	{ "CTE", "Career and technical education" },
	{ "ELA", "English language arts" },
	{ "ELEM", "Elementary education (all subjects)" },
	{ "ESL", "English as a second language" },
	{ "MATH", "Mathematics" },
	{ "PE", "Physical education and health" },
	{ "SCI", "Science" },
	{ "SPED", "Special education" },
	{ "SS", "Social studies" },
	{ "WL", "World languages" },
};

static const struct code_value term_codes[] = {
	{ "FY", "Full school year" },
	{ "Q1", "First quarter" },
	{ "Q2", "Second quarter" },
	{ "Q3", "Third quarter" },
	{ "Q4", "Fourth quarter" },
	{ "S1", "First semester" },
	{ "S2", "Second semester" },
	{ "SU", "Summer session" },
	{ "T1", "First trimester" },
	{ "T2", "Second trimester" },
	{ "T3", "Third trimester" },
};

static const struct code_value mark_codes[] = {
	{ "A", "A" }, { "A-", "A minus" },
	{ "B+", "B plus" }, { "B", "B" }, { "B-", "B minus" },
	{ "C+", "C plus" }, { "C", "C" }, { "C-", "C minus" },
	{ "D+", "D plus" }, { "D", "D" }, { "D-", "D minus" },
	{ "F", "Fail" },
	{ "I", "Incomplete" },
	{ "NP", "Not passed (pass/fail course)" },
	{ "P", "Passed (pass/fail course)" },
	{ "W", "Withdrawn from the course" },
};

static const struct code_value proficiency_codes[] = {
	{ "1", "Below proficient" },
	{ "2", "Approaching proficient" },
	{ "3", "Proficient" },
	{ "4", "Highly proficient" },
};

/* IDEA disability categories, CEDS option set IDEADisabilityType. */
static const struct code_value disability_codes[] = {
	{ "AUT", "Autism" },
	{ "DB", "Deaf-blindness" },
	{ "DD", "Developmental delay" },
	{ "EMN", "Emotional disturbance" },
	{ "HI", "Hearing impairment, including deafness" },
	{ "ID", "Intellectual disability" },
	{ "MD", "Multiple disabilities" },
	{ "OHI", "Other health impairment" },
	{ "OI", "Orthopedic impairment" },
	{ "SLD", "Specific learning disability" },
	{ "SLI", "Speech or language impairment" },
	{ "TBI", "Traumatic brain injury" },
	{ "VI", "Visual impairment, including blindness" },
};

/* IDEA educational environments for school-age children (CEDS). */
static const struct code_value setting_codes[] = {
	{ "CF", "Correctional facility" },
	{ "HH", "Homebound or hospital" },
	{ "PPPS", "Parentally placed in a private school" },
	{ "RC39", "Inside the regular class less than 40% of the day" },
	{ "RC79TO40", "Inside the regular class 40% through 79% of the day" },
	{ "RC80", "Inside the regular class 80% or more of the day" },
	{ "RF", "Residential facility" },
	{ "SS", "Separate school" },
};

/* Why special education ended (CEDS IDEA exit reasons). */
static const struct code_value sped_exit_codes[] = {
	{ "D", "Died" },
	{ "DO", "Dropped out" },
	{ "GHS", "Graduated with a regular high school diploma" },
	{ "GRC", "Received a certificate" },
	{ "MKC", "Moved, known to be continuing" },
	{ "RGE", "No longer eligible: returned to general education" },
	{ "RMA", "Reached maximum age" },
};

static const struct code_value program_codes[] = {
	{ "ECODIS", "Economically disadvantaged" },
	{ "EL", "English learner (Title III)" },
	{ "FOSTER", "In foster care" },
	{ "HOMELESS", "Homeless (McKinney-Vento)" },
	{ "MIGRANT", "Migrant education (Title I, Part C)" },
};

/*
 * States of birth: the USPS abbreviations of the 50 states, the District of
 * Columbia and the five inhabited territories (Ed-Fi's
 * StateAbbreviationDescriptor code values, less the military mail codes and
 * the freely associated states, which are countries of birth).
 */
static const struct code_value state_codes[] = {
	{ "AK", "Alaska" },
	{ "AL", "Alabama" },
	{ "AR", "Arkansas" },
	{ "AS", "American Samoa" },
	{ "AZ", "Arizona" },
	{ "CA", "California" },
	{ "CO", "Colorado" },
	{ "CT", "Connecticut" },
	{ "DC", "District of Columbia" },
	{ "DE", "Delaware" },
	{ "FL", "Florida" },
	{ "GA", "Georgia" },
	{ "GU", "Guam" },
	{ "HI", "Hawaii" },
	{ "IA", "Iowa" },
	{ "ID", "Idaho" },
	{ "IL", "Illinois" },
	{ "IN", "Indiana" },
	{ "KS", "Kansas" },
	{ "KY", "Kentucky" },
	{ "LA", "Louisiana" },
	{ "MA", "Massachusetts" },
	{ "MD", "Maryland" },
	{ "ME", "Maine" },
	{ "MI", "Michigan" },
	{ "MN", "Minnesota" },
	{ "MO", "Missouri" },
	{ "MP", "Northern Mariana Islands" },
	{ "MS", "Mississippi" },
	{ "MT", "Montana" },
	{ "NC", "North Carolina" },
	{ "ND", "North Dakota" },
	{ "NE", "Nebraska" },
	{ "NH", "New Hampshire" },
	{ "NJ", "New Jersey" },
	{ "NM", "New Mexico" },
	{ "NV", "Nevada" },
	{ "NY", "New York" },
	{ "OH", "Ohio" },
	{ "OK", "Oklahoma" },
	{ "OR", "Oregon" },
	{ "PA", "Pennsylvania" },
	{ "PR", "Puerto Rico" },
	{ "RI", "Rhode Island" },
	{ "SC", "South Carolina" },
	{ "SD", "South Dakota" },
	{ "TN", "Tennessee" },
	{ "TX", "Texas" },
	{ "UT", "Utah" },
	{ "VA", "Virginia" },
	{ "VI", "U.S. Virgin Islands" },
	{ "VT", "Vermont" },
	{ "WA", "Washington" },
	{ "WI", "Wisconsin" },
	{ "WV", "West Virginia" },
	{ "WY", "Wyoming" },
};

/*
 * Countries of birth: ISO 3166-1 alpha-2, the code values of Ed-Fi's
 * CountryDescriptor (Data Standard 5.2), with its short descriptions.
 */
static const struct code_value country_codes[] = {
	{ "AD", "Andorra" },
	{ "AE", "United Arab Emirates" },
	{ "AF", "Afghanistan" },
	{ "AG", "Antigua and Barbuda" },
	{ "AI", "Anguilla" },
	{ "AL", "Albania" },
	{ "AM", "Armenia" },
	{ "AO", "Angola" },
	{ "AQ", "Antarctica" },
	{ "AR", "Argentina" },
	{ "AS", "American Samoa" },
	{ "AT", "Austria" },
	{ "AU", "Australia" },
	{ "AW", "Aruba" },
	{ "AX", "Åland Islands" },
	{ "AZ", "Azerbaijan" },
	{ "BA", "Bosnia and Herzegovina" },
	{ "BB", "Barbados" },
	{ "BD", "Bangladesh" },
	{ "BE", "Belgium" },
	{ "BF", "Burkina Faso" },
	{ "BG", "Bulgaria" },
	{ "BH", "Bahrain" },
	{ "BI", "Burundi" },
	{ "BJ", "Benin" },
	{ "BL", "Saint Barthélemy" },
	{ "BM", "Bermuda" },
	{ "BN", "Brunei Darussalam" },
	{ "BO", "Bolivia, Plurinational State of" },
	{ "BQ", "Bonaire, Sint Eustatius and Saba" },
	{ "BR", "Brazil" },
	{ "BS", "Bahamas" },
	{ "BT", "Bhutan" },
	{ "BV", "Bouvet Island" },
	{ "BW", "Botswana" },
	{ "BY", "Belarus" },
	{ "BZ", "Belize" },
	{ "CA", "Canada" },
	{ "CC", "Cocos (Keeling) Islands" },
	{ "CD", "Congo, the Democratic Republic of the" },
	{ "CF", "Central African Republic" },
	{ "CG", "Congo" },
	{ "CH", "Switzerland" },
	{ "CI", "Côte d'Ivoire" },
	{ "CK", "Cook Islands" },
	{ "CL", "Chile" },
	{ "CM", "Cameroon" },
	{ "CN", "China" },
	{ "CO", "Colombia" },
	{ "CR", "Costa Rica" },
	{ "CU", "Cuba" },
	{ "CV", "Cabo Verde" },
	{ "CW", "Curaçao" },
	{ "CX", "Christmas Island" },
	{ "CY", "Cyprus" },
	{ "CZ", "Czech Republic" },
	{ "DE", "Germany" },
	{ "DJ", "Djibouti" },
	{ "DK", "Denmark" },
	{ "DM", "Dominica" },
	{ "DO", "Dominican Republic" },
	{ "DZ", "Algeria" },
	{ "EC", "Ecuador" },
	{ "EE", "Estonia" },
	{ "EG", "Egypt" },
	{ "EH", "Western Sahara" },
	{ "ER", "Eritrea" },
	{ "ES", "Spain" },
	{ "ET", "Ethiopia" },
	{ "FI", "Finland" },
	{ "FJ", "Fiji" },
	{ "FK", "Falkland Islands (Malvinas)" },
	{ "FM", "Micronesia, Federated States of" },
	{ "FO", "Faroe Islands" },
	{ "FR", "France" },
	{ "GA", "Gabon" },
	{ "GB", "United Kingdom of Great Britain and Northern Ireland" },
	{ "GD", "Grenada" },
	{ "GE", "Georgia" },
	{ "GF", "French Guiana" },
	{ "GG", "Guernsey" },
	{ "GH", "Ghana" },
	{ "GI", "Gibraltar" },
	{ "GL", "Greenland" },
	{ "GM", "Gambia" },
	{ "GN", "Guinea" },
	{ "GP", "Guadeloupe" },
	{ "GQ", "Equatorial Guinea" },
	{ "GR", "Greece" },
	{ "GS", "South Georgia and the South Sandwich Islands" },
	{ "GT", "Guatemala" },
	{ "GU", "Guam" },
	{ "GW", "Guinea-Bissau" },
	{ "GY", "Guyana" },
	{ "HK", "Hong Kong" },
	{ "HM", "Heard Island and McDonald Islands" },
	{ "HN", "Honduras" },
	{ "HR", "Croatia" },
	{ "HT", "Haiti" },
	{ "HU", "Hungary" },
	{ "ID", "Indonesia" },
	{ "IE", "Ireland" },
	{ "IL", "Israel" },
	{ "IM", "Isle of Man" },
	{ "IN", "India" },
	{ "IO", "British Indian Ocean Territory" },
	{ "IQ", "Iraq" },
	{ "IR", "Iran, Islamic Republic of" },
	{ "IS", "Iceland" },
	{ "IT", "Italy" },
	{ "JE", "Jersey" },
	{ "JM", "Jamaica" },
	{ "JO", "Jordan" },
	{ "JP", "Japan" },
	{ "KE", "Kenya" },
	{ "KG", "Kyrgyzstan" },
	{ "KH", "Cambodia" },
	{ "KI", "Kiribati" },
	{ "KM", "Comoros" },
	{ "KN", "Saint Kitts and Nevis" },
	{ "KP", "Korea, Democratic People's Republic of" },
	{ "KR", "Korea, Republic of" },
	{ "KW", "Kuwait" },
	{ "KY", "Cayman Islands" },
	{ "KZ", "Kazakhstan" },
	{ "LA", "Lao People's Democratic Republic" },
	{ "LB", "Lebanon" },
	{ "LC", "Saint Lucia" },
	{ "LI", "Liechtenstein" },
	{ "LK", "Sri Lanka" },
	{ "LR", "Liberia" },
	{ "LS", "Lesotho" },
	{ "LT", "Lithuania" },
	{ "LU", "Luxembourg" },
	{ "LV", "Latvia" },
	{ "LY", "Libya" },
	{ "MA", "Morocco" },
	{ "MC", "Monaco" },
	{ "MD", "Moldova, Republic of" },
	{ "ME", "Montenegro" },
	{ "MF", "Saint Martin (French part)" },
	{ "MG", "Madagascar" },
	{ "MH", "Marshall Islands" },
	{ "MK", "Macedonia, the former Yugoslav Republic of" },
	{ "ML", "Mali" },
	{ "MM", "Myanmar" },
	{ "MN", "Mongolia" },
	{ "MO", "Macao" },
	{ "MP", "Northern Mariana Islands" },
	{ "MQ", "Martinique" },
	{ "MR", "Mauritania" },
	{ "MS", "Montserrat" },
	{ "MT", "Malta" },
	{ "MU", "Mauritius" },
	{ "MV", "Maldives" },
	{ "MW", "Malawi" },
	{ "MX", "Mexico" },
	{ "MY", "Malaysia" },
	{ "MZ", "Mozambique" },
	{ "NA", "Namibia" },
	{ "NC", "New Caledonia" },
	{ "NE", "Niger" },
	{ "NF", "Norfolk Island" },
	{ "NG", "Nigeria" },
	{ "NI", "Nicaragua" },
	{ "NL", "Netherlands" },
	{ "NO", "Norway" },
	{ "NP", "Nepal" },
	{ "NR", "Nauru" },
	{ "NU", "Niue" },
	{ "NZ", "New Zealand" },
	{ "OM", "Oman" },
	{ "PA", "Panama" },
	{ "PE", "Peru" },
	{ "PF", "French Polynesia" },
	{ "PG", "Papua New Guinea" },
	{ "PH", "Philippines" },
	{ "PK", "Pakistan" },
	{ "PL", "Poland" },
	{ "PM", "Saint Pierre and Miquelon" },
	{ "PN", "Pitcairn" },
	{ "PR", "Puerto Rico" },
	{ "PS", "Palestine, State of" },
	{ "PT", "Portugal" },
	{ "PW", "Palau" },
	{ "PY", "Paraguay" },
	{ "QA", "Qatar" },
	{ "RE", "Réunion" },
	{ "RO", "Romania" },
	{ "RS", "Serbia" },
	{ "RU", "Russian Federation" },
	{ "RW", "Rwanda" },
	{ "SA", "Saudi Arabia" },
	{ "SB", "Solomon Islands" },
	{ "SC", "Seychelles" },
	{ "SD", "Sudan" },
	{ "SE", "Sweden" },
	{ "SG", "Singapore" },
	{ "SH", "Saint Helena, Ascension and Tristan da Cunha" },
	{ "SI", "Slovenia" },
	{ "SJ", "Svalbard and Jan Mayen" },
	{ "SK", "Slovakia" },
	{ "SL", "Sierra Leone" },
	{ "SM", "San Marino" },
	{ "SN", "Senegal" },
	{ "SO", "Somalia" },
	{ "SR", "Suriname" },
	{ "SS", "South Sudan" },
	{ "ST", "Sao Tome and Principe" },
	{ "SV", "El Salvador" },
	{ "SX", "Sint Maarten (Dutch part)" },
	{ "SY", "Syrian Arab Republic" },
	{ "SZ", "Swaziland" },
	{ "TC", "Turks and Caicos Islands" },
	{ "TD", "Chad" },
	{ "TF", "French Southern Territories" },
	{ "TG", "Togo" },
	{ "TH", "Thailand" },
	{ "TJ", "Tajikistan" },
	{ "TK", "Tokelau" },
	{ "TL", "Timor-Leste" },
	{ "TM", "Turkmenistan" },
	{ "TN", "Tunisia" },
	{ "TO", "Tonga" },
	{ "TR", "Turkey" },
	{ "TT", "Trinidad and Tobago" },
	{ "TV", "Tuvalu" },
	{ "TW", "Taiwan, Province of China" },
	{ "TZ", "Tanzania, United Republic of" },
	{ "UA", "Ukraine" },
	{ "UG", "Uganda" },
	{ "UM", "United States Minor Outlying Islands" },
	{ "US", "United States of America" },
	{ "UY", "Uruguay" },
	{ "UZ", "Uzbekistan" },
	{ "VA", "Holy See" },
	{ "VC", "Saint Vincent and the Grenadines" },
	{ "VE", "Venezuela, Bolivarian Republic of" },
	{ "VG", "Virgin Islands, British" },
	{ "VI", "Virgin Islands, U.S." },
	{ "VN", "Viet Nam" },
	{ "VU", "Vanuatu" },
	{ "WF", "Wallis and Futuna" },
	{ "WS", "Samoa" },
	{ "YE", "Yemen" },
	{ "YT", "Mayotte" },
	{ "ZA", "South Africa" },
	{ "ZM", "Zambia" },
	{ "ZW", "Zimbabwe" },
};

static const struct codeset_def codesets[] = {
	{ "country", country_codes, N(country_codes) },
	{ "disability", disability_codes, N(disability_codes) },
	{ "entry_code", entry_codes, N(entry_codes) },
	{ "exit_code", exit_codes, N(exit_codes) },
	{ "grade_level", grade_codes, N(grade_codes) },
	{ "lea_type", lea_type_codes, N(lea_type_codes) },
	{ "license_type", license_codes, N(license_codes) },
	{ "mark", mark_codes, N(mark_codes) },
	{ "position", position_codes, N(position_codes) },
	{ "proficiency_level", proficiency_codes, N(proficiency_codes) },
	{ "program", program_codes, N(program_codes) },
	{ "race_ethnicity", race_codes, N(race_codes) },
	{ "school_level", school_level_codes, N(school_level_codes) },
	{ "sex", sex_codes, N(sex_codes) },
	{ "sped_exit_reason", sped_exit_codes, N(sped_exit_codes) },
	{ "sped_setting", setting_codes, N(setting_codes) },
	{ "state", state_codes, N(state_codes) },
	{ "subject", subject_codes, N(subject_codes) },
	{ "term", term_codes, N(term_codes) },
	{ "yes_no", yes_no_codes, N(yes_no_codes) },
};

/*
 * Field initialisers, so the tables below stay readable: name, type, flags,
 * max_len, then the rest by designator.
 */
#define LEA_ID_FIELD_AT(path) \
	{ .name = "lea_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY, \
	  .max_len = 16, .csv_names = "LEA ID|LEA|LEA Number|District ID|LEA Code", \
	  .edfi_path = path, \
	  .column = "lea_id", .description = "State identifier of the LEA that submits the record.", \
	  .example = "0101" }

/* Most records have no LEA in Ed-Fi: the manifest's. */
#define LEA_ID_FIELD LEA_ID_FIELD_AT(NULL)

#define LOCAL_ID_FIELD(entity) \
	{ .name = "local_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY, \
	  .max_len = 32, \
	  .csv_names = "Local Student ID|Student ID|Local ID|Student Local ID|StudentUniqueId", \
	  .edfi_path = entity "/StudentReference/StudentIdentity/StudentUniqueId", \
	  .column = "local_student_id", \
	  .description = "The LEA's own identifier of the student.", .example = "S004211" }

#define SCHOOL_YEAR_FIELD_AT(path) \
	{ .name = "school_year", .type = FIELD_INT, .flags = FIELD_REQUIRED, .max_len = 9, \
	  .min = 1990, .max = 2200, .csv_names = "School Year|SchoolYear|Year", \
	  .edfi_path = path, .column = "school_year", \
	  .description = "The calendar year in which the school year ends (2027 for 2026-27).", \
	  .example = "2027" }

/* Where Ed-Fi has no school year: the manifest's. */
#define SCHOOL_YEAR_FIELD SCHOOL_YEAR_FIELD_AT(NULL)

#define SCHOOL_ID_FIELD(flags_, path, desc) \
	{ .name = "school_id", .type = FIELD_TEXT, .flags = (flags_), \
	  .max_len = 16, .csv_names = "School ID|School|School Number|School Code", \
	  .edfi_path = path, .column = "school_id", \
	  .description = desc, .example = "0101301" }

#define STAFF_ID_FIELD(flags_, path, desc) \
	{ .name = "staff_id", .type = FIELD_TEXT, .flags = (flags_), \
	  .max_len = 32, .csv_names = "Staff ID|Local Staff ID|Teacher ID|Employee ID|StaffUniqueId", \
	  .edfi_path = path, .column = "staff_id", \
	  .description = desc, .example = "T00412" }

#define COURSE_CODE_FIELD(path) \
	{ .name = "course_code", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY, \
	  .max_len = 12, .csv_names = "Course Code|State Course Code|Course|CourseCode", \
	  .edfi_path = path, .column = "course_code", \
	  .description = "The course's code in the state course catalog.", .example = "MA0910" }

#define TERM_FIELD(path) \
	{ .name = "term", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2, \
	  .codeset = "term", .csv_names = "Term|Session|TermDescriptor", \
	  .edfi_path = path, .column = "term", \
	  .description = "The term the section is taught in.", .example = "S1" }

#define SUBJECT_FIELD(flags_, path, desc, ex) \
	{ .name = "subject", .type = FIELD_CODE, .flags = (flags_), .max_len = 4, \
	  .codeset = "subject", .csv_names = "Subject|Subject Area|AcademicSubjectDescriptor", \
	  .edfi_path = path, .column = "subject", \
	  .description = desc, .example = ex }

#define DATE_FIELD(name_, flags_, names, path, desc, ex) \
	{ .name = name_, .type = FIELD_DATE, .flags = (flags_), .max_len = 10, \
	  .csv_names = names, .edfi_path = path, .column = name_, \
	  .description = desc, .example = ex }

#define DAYS_FIELD(name_, flags_, names, path, desc, ex) \
	{ .name = name_, .type = FIELD_DECIMAL, .flags = (flags_), .max_len = 6, .scale = 1, \
	  .min = 0, .max = 3660, .csv_names = names, .edfi_path = path, .column = name_, \
	  .description = desc, .example = ex }

static const struct field_def lea_fields[] = {
	LEA_ID_FIELD_AT("LocalEducationAgency/LocalEducationAgencyId"),
	{ .name = "lea_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED, .max_len = 100,
	  .csv_names = "LEA Name|District Name|NameOfInstitution",
	  .edfi_path = "LocalEducationAgency/NameOfInstitution", .column = "lea_name",
	  .description = "The LEA's name.", .example = "Granite Peak School District" },
	{ .name = "lea_type", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 3,
	  .codeset = "lea_type", .csv_names = "LEA Type|District Type|LocalEducationAgencyCategoryDescriptor",
	  .edfi_path = "LocalEducationAgency/LocalEducationAgencyCategory", .column = "lea_type",
	  .description = "What kind of LEA it is.", .example = "REG" },
	{ .name = "nces_id", .type = FIELD_TEXT, .max_len = 12,
	  .csv_names = "NCES ID|NCES LEA ID|NCESID",
	  .edfi_path = "LocalEducationAgency/EducationOrganizationIdentificationCode"
		"[EducationOrganizationIdentificationSystem=nces_id]/IdentificationCode",
	  .column = "nces_id", .description = "The LEA's federal NCES identifier, if it has one.",
	  .example = "4900142" },
	SCHOOL_YEAR_FIELD,
};

static const struct field_def school_fields[] = {
	LEA_ID_FIELD_AT("School/LocalEducationAgencyReference/LocalEducationAgencyIdentity/LocalEducationAgencyId"),
	SCHOOL_ID_FIELD(FIELD_REQUIRED | FIELD_KEY, "School/SchoolId", "State identifier of the school."),
	{ .name = "school_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED, .max_len = 100,
	  .csv_names = "School Name|NameOfInstitution", .edfi_path = "School/NameOfInstitution",
	  .column = "school_name", .description = "The school's name.",
	  .example = "Cedar Ridge High School" },
	{ .name = "school_level", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2,
	  .codeset = "school_level", .csv_names = "School Level|School Category|SchoolCategoryDescriptor",
	  .edfi_path = "School/SchoolCategory",
	  .column = "school_level", .description = "The school's level.", .example = "HS" },
	{ .name = "low_grade", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2,
	  .codeset = "grade_level", .csv_names = "Low Grade|Lowest Grade|Grade Low",
	  .edfi_path = "School/GradeLevel[min]", .column = "low_grade",
	  .description = "The lowest grade the school offers.", .example = "09" },
	{ .name = "high_grade", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2,
	  .codeset = "grade_level", .csv_names = "High Grade|Highest Grade|Grade High",
	  .edfi_path = "School/GradeLevel[max]", .column = "high_grade",
	  .description = "The highest grade the school offers.", .example = "12" },
	{ .name = "charter", .type = FIELD_CODE, .max_len = 1, .codeset = "yes_no",
	  .csv_names = "Charter|Charter School|CharterStatusDescriptor",
	  .edfi_path = "School/CharterStatus", .column = "charter",
	  .description = "Whether the school is a charter school; empty means N.", .example = "N" },
	SCHOOL_YEAR_FIELD,
};

static const struct field_def staff_fields[] = {
	LEA_ID_FIELD,
	STAFF_ID_FIELD(FIELD_REQUIRED | FIELD_KEY, "Staff/StaffUniqueId", "The LEA's own identifier of the staff member."),
	{ .name = "educator_id", .type = FIELD_TEXT, .max_len = 16,
	  .csv_names = "Educator ID|State Educator ID|License Number|CACTUS ID",
	  .edfi_path = "Staff/StaffIdentificationCode[StaffIdentificationSystem=educator_id]/IdentificationCode", .column = "educator_id",
	  .description = "The state's identifier of a licensed educator, if any.", .example = "E0248113" },
	{ .name = "first_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 75, .csv_names = "First Name|Legal First Name|FirstName",
	  .edfi_path = "Staff/Name/FirstName", .column = "first_name",
	  .description = "Legal first name.", .example = "Daniel" },
	{ .name = "last_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 75, .csv_names = "Last Name|Legal Last Name|Surname|LastSurname",
	  .edfi_path = "Staff/Name/LastSurname", .column = "last_name",
	  .description = "Legal last name.", .example = "Okafor" },
	{ .name = "sex", .type = FIELD_CODE, .max_len = 1, .codeset = "sex",
	  .csv_names = "Sex|Gender", .edfi_path = "Staff/Sex", .column = "sex",
	  .description = "Sex as reported by the LEA.", .example = "M" },
	SCHOOL_ID_FIELD(FIELD_REQUIRED,
		"StaffEducationOrganizationAssignmentAssociation/EducationOrganizationReference"
		"/EducationOrganizationIdentity/EducationOrganizationId",
		"The school of the staff member's main assignment."),
	{ .name = "position", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 3,
	  .codeset = "position", .csv_names = "Position|Assignment|Staff Classification|StaffClassificationDescriptor",
	  .edfi_path = "StaffEducationOrganizationAssignmentAssociation/StaffClassification", .column = "position",
	  .description = "The staff member's main position.", .example = "TCH" },
	{ .name = "fte", .type = FIELD_DECIMAL, .max_len = 6, .scale = 2, .min = 0, .max = 100,
	  .csv_names = "FTE|Full Time Equivalency|FullTimeEquivalency",
	  .edfi_path = "StaffEducationOrganizationAssignmentAssociation/FullTimeEquivalency|"
		"StaffEducationOrganizationEmploymentAssociation/FullTimeEquivalency", .column = "fte",
	  .description = "Share of a full-time position, 0.00 to 1.00; empty means 1.00.",
	  .example = "1.00" },
	SCHOOL_YEAR_FIELD,
};

static const struct field_def credential_fields[] = {
	LEA_ID_FIELD,
	STAFF_ID_FIELD(FIELD_REQUIRED | FIELD_KEY, "Staff/StaffUniqueId", "The staff member who holds the credential."),
	{ .name = "credential_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY,
	  .max_len = 32, .csv_names = "Credential ID|License ID|Credential Identifier|CredentialIdentifier",
	  .edfi_path = "Credential/CredentialIdentifier", .column = "credential_id",
	  .description = "The credential's number as the state issued it.", .example = "L2-448120" },
	{ .name = "license_type", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 3,
	  .codeset = "license_type", .csv_names = "License Type|Credential Type|CredentialTypeDescriptor",
	  .edfi_path = "Credential/TeachingCredential", .column = "license_type",
	  .description = "The kind of license.", .example = "L2" },
	{ .name = "endorsement", .type = FIELD_CODE, .max_len = 4, .codeset = "subject",
	  .csv_names = "Endorsement|Subject Endorsement|Credential Field|CredentialFieldDescriptor",
	  .edfi_path = "Credential/CredentialField", .column = "endorsement",
	  .description = "The subject the credential endorses; one row per endorsement.",
	  .example = "MATH" },
	DATE_FIELD("issue_date", FIELD_REQUIRED, "Issue Date|Issuance Date|IssuanceDate",
		   "Credential/IssuanceDate", "The day the credential was issued.", "2019-07-01"),
	DATE_FIELD("expiry_date", 0, "Expiry Date|Expiration Date|ExpirationDate",
		   "Credential/ExpirationDate", "The day the credential expires, if it does.", "2029-06-30"),
	SCHOOL_YEAR_FIELD,
};

static const struct field_def course_fields[] = {
	LEA_ID_FIELD,
	COURSE_CODE_FIELD("Course/CourseCode"),
	{ .name = "course_title", .type = FIELD_TEXT, .flags = FIELD_REQUIRED, .max_len = 100,
	  .csv_names = "Course Title|Course Name|CourseTitle", .edfi_path = "Course/CourseTitle",
	  .column = "course_title", .description = "The course's title.",
	  .example = "Secondary Mathematics I" },
	SUBJECT_FIELD(FIELD_REQUIRED, "Course/AcademicSubject", "The course's subject area.", "MATH"),
	{ .name = "credits", .type = FIELD_DECIMAL, .max_len = 6, .scale = 2, .min = 0, .max = 1000,
	  .csv_names = "Credits|Credit Value|Credit Hours|MaximumAvailableCredits",
	  .edfi_path = "Course/MaximumAvailableCredits/Credits", .column = "credits",
	  .description = "Credits a student earns for the course, 0.00 to 10.00.",
	  .example = "1.00" },
	SCHOOL_YEAR_FIELD,
};

static const struct field_def section_fields[] = {
	LEA_ID_FIELD,
	SCHOOL_ID_FIELD(FIELD_REQUIRED,
		"Section/CourseOfferingReference/CourseOfferingIdentity/SchoolReference/SchoolIdentity/SchoolId",
		"The school that teaches the section."),
	{ .name = "section_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY,
	  .max_len = 32, .csv_names = "Section ID|Section|Class ID|SectionIdentifier",
	  .edfi_path = "Section/SectionIdentifier", .column = "section_id",
	  .description = "The LEA's identifier of the section, unique within the school and year.",
	  .example = "MA0910-S1-02" },
	COURSE_CODE_FIELD("CourseOffering/CourseReference/CourseIdentity/CourseCode|"
			  "Section/CourseOfferingReference/CourseOfferingIdentity/LocalCourseCode"),
	TERM_FIELD("Session/Term"),
	STAFF_ID_FIELD(FIELD_REQUIRED,
		"StaffSectionAssociation[ClassroomPosition=teacher_of_record]"
		"/StaffReference/StaffIdentity/StaffUniqueId",
		"The section's teacher of record."),
	SCHOOL_YEAR_FIELD_AT("Section/CourseOfferingReference/CourseOfferingIdentity/SessionReference/SessionIdentity/SchoolYear"),
};

static const struct field_def student_fields[] = {
	LEA_ID_FIELD,
	{ .name = "local_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY,
	  .max_len = 32,
	  .csv_names = "Local Student ID|Student ID|Local ID|Student Local ID|StudentUniqueId",
	  .edfi_path = "Student/StudentUniqueId", .column = "local_student_id",
	  .description = "The LEA's own identifier of the student.", .example = "S004211" },
	{ .name = "ssid", .type = FIELD_SSID, .max_len = 10,
	  .csv_names = "SSID|State Student ID|State ID|Statewide Student ID",
	  .edfi_path = "StudentEducationOrganizationAssociation/StudentIdentificationCode"
		"[StudentIdentificationSystem=ssid]/IdentificationCode", .column = "claimed_ssid",
	  .description = "The SSID the LEA holds for the student, if any; checked, never trusted blindly.",
	  .example = "4172039565" },
	{ .name = "first_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 75, .csv_names = "First Name|Legal First Name|Given Name|FirstName",
	  .edfi_path = "Student/Name/FirstName", .column = "first_name",
	  .description = "Legal first name.", .example = "Maria" },
	{ .name = "middle_name", .type = FIELD_TEXT, .flags = FIELD_PII, .max_len = 75,
	  .csv_names = "Middle Name|Legal Middle Name|MiddleName",
	  .edfi_path = "Student/Name/MiddleName", .column = "middle_name",
	  .description = "Legal middle name or initial.", .example = "Luisa" },
	{ .name = "last_name", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 75, .csv_names = "Last Name|Legal Last Name|Surname|Family Name|LastSurname",
	  .edfi_path = "Student/Name/LastSurname", .column = "last_name",
	  .description = "Legal last name (surname), compound surnames in full.", .example = "Garcia Lopez" },
	{ .name = "suffix", .type = FIELD_TEXT, .flags = FIELD_PII, .max_len = 10,
	  .csv_names = "Suffix|Generation Code Suffix|Name Suffix",
	  .edfi_path = "Student/Name/GenerationCodeSuffix", .column = "suffix",
	  .description = "Generation suffix (Jr, III).", .example = "Jr" },
	{ .name = "birth_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED | FIELD_PII,
	  .max_len = 10, .csv_names = "Birth Date|Date of Birth|DOB|BirthDate",
	  .edfi_path = "Student/BirthData/BirthDate", .column = "birth_date",
	  .description = "Date of birth, YYYY-MM-DD.", .example = "2014-03-09" },
	{ .name = "sex", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 1,
	  .codeset = "sex", .csv_names = "Sex|Gender|Birth Sex",
	  .edfi_path = "StudentEducationOrganizationAssociation/Sex|Student/BirthData/BirthSex", .column = "sex",
	  .description = "Sex as reported by the LEA.", .example = "F" },
	{ .name = "race_ethnicity", .type = FIELD_CODE, .max_len = 3,
	  .codeset = "race_ethnicity", .csv_names = "Race Ethnicity|Race/Ethnicity|Race|Ethnicity",
	  .edfi_path = "StudentEducationOrganizationAssociation/Race", .column = "race_ethnicity",
	  .description = "Federal seven-category race/ethnicity code.", .example = "HI7" },
	{ .name = "birth_state", .type = FIELD_CODE, .flags = FIELD_PII, .max_len = 2,
	  .codeset = "state", .csv_names = "Birth State|State of Birth|Birthplace State|BirthStateAbbreviation",
	  .edfi_path = "Student/BirthData/BirthStateAbbreviation", .column = "birth_state",
	  .description = "State of birth, USPS abbreviation; empty for a birth outside the United States.",
	  .example = "UT" },
	{ .name = "birth_country", .type = FIELD_CODE, .flags = FIELD_PII, .max_len = 2,
	  .codeset = "country", .csv_names = "Birth Country|Country of Birth|Birthplace Country|BirthCountry",
	  .edfi_path = "Student/BirthData/BirthCountry", .column = "birth_country",
	  .description = "Country of birth, ISO 3166-1 alpha-2 (US for the United States).",
	  .example = "US" },
	{ .name = "zip", .type = FIELD_TEXT, .flags = FIELD_PII, .max_len = 10,
	  .csv_names = "ZIP|ZIP Code|Postal Code|Address Postal Code|PostalCode",
	  .edfi_path = "StudentEducationOrganizationAssociation/Address[AddressType=home_address]/PostalCode",
	  .column = "zip",
	  .description = "ZIP code of the student's home address: five digits, or ZIP+4 (84043-1234).",
	  .example = "84043" },
	SCHOOL_YEAR_FIELD,
};

static const struct field_def enrollment_fields[] = {
	LEA_ID_FIELD,
	{ .name = "school_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY,
	  .max_len = 16, .csv_names = "School ID|School|School Number|School Code",
	  .edfi_path = "StudentSchoolAssociation/SchoolReference/SchoolIdentity/SchoolId", .column = "school_id",
	  .description = "State identifier of the school.", .example = "0101301" },
	LOCAL_ID_FIELD("StudentSchoolAssociation"),
	SCHOOL_YEAR_FIELD_AT("StudentSchoolAssociation/SchoolYear"),
	{ .name = "grade_level", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2,
	  .codeset = "grade_level", .csv_names = "Grade Level|Grade|Entry Grade Level",
	  .edfi_path = "StudentSchoolAssociation/EntryGradeLevel", .column = "grade_level",
	  .description = "Grade level of the enrollment.", .example = "05" },
	{ .name = "entry_date", .type = FIELD_DATE, .flags = FIELD_REQUIRED, .max_len = 10,
	  .csv_names = "Entry Date|Enrollment Date|Start Date|EntryDate",
	  .edfi_path = "StudentSchoolAssociation/EntryDate", .column = "entry_date",
	  .description = "First day of the enrollment, YYYY-MM-DD.", .example = "2026-08-19" },
	{ .name = "entry_code", .type = FIELD_CODE, .max_len = 2, .codeset = "entry_code",
	  .csv_names = "Entry Code|Entry Type|EntryTypeDescriptor",
	  .edfi_path = "StudentSchoolAssociation/EntryType", .column = "entry_code",
	  .description = "How the student entered the school.", .example = "E2" },
	{ .name = "exit_date", .type = FIELD_DATE, .max_len = 10,
	  .csv_names = "Exit Date|Withdrawal Date|End Date|ExitWithdrawDate",
	  .edfi_path = "StudentSchoolAssociation/ExitWithdrawDate", .column = "exit_date",
	  .description = "Last day of the enrollment, if it has ended.", .example = "2027-01-15" },
	{ .name = "exit_code", .type = FIELD_CODE, .max_len = 2, .codeset = "exit_code",
	  .csv_names = "Exit Code|Withdrawal Code|Exit Type|ExitWithdrawTypeDescriptor",
	  .edfi_path = "StudentSchoolAssociation/ExitWithdrawType", .column = "exit_code",
	  .description = "Why the enrollment ended; required with an exit date.", .example = "W2" },
	{ .name = "fte", .type = FIELD_DECIMAL, .max_len = 6, .scale = 2, .min = 0, .max = 100,
	  .csv_names = "FTE|Full Time Equivalency|FullTimeEquivalency",
	  .edfi_path = "StudentSchoolAssociation/FullTimeEquivalency", .column = "fte",
	  .description = "Share of a full-time enrollment, 0.00 to 1.00; empty means 1.00.",
	  .example = "1.00" },
};

static const struct field_def attendance_fields[] = {
	LEA_ID_FIELD,
	LOCAL_ID_FIELD("StudentSchoolAttendanceEvent"),
	SCHOOL_ID_FIELD(FIELD_REQUIRED, "StudentSchoolAttendanceEvent/SchoolReference/SchoolIdentity/SchoolId",
		"The school the attendance was taken at."),
	DAYS_FIELD("days_in_membership", FIELD_REQUIRED,
		   "Days in Membership|Membership Days|Days Enrolled", NULL,
		   "School days the student was enrolled at the school this year.", "172"),
	DAYS_FIELD("days_present", FIELD_REQUIRED, "Days Present|Days Attended", NULL,
		   "Days in membership the student attended.", "165.5"),
	DAYS_FIELD("days_excused", 0, "Days Excused|Excused Absences|Excused Days", NULL,
		   "Days absent with an excuse.", "4.5"),
	DAYS_FIELD("days_unexcused", 0, "Days Unexcused|Unexcused Absences|Unexcused Days", NULL,
		   "Days absent without an excuse.", "2"),
	SCHOOL_YEAR_FIELD_AT("StudentSchoolAttendanceEvent/SessionReference/SessionIdentity/SchoolYear"),
};

static const struct field_def course_grade_fields[] = {
	LEA_ID_FIELD,
	{ .name = "local_id", .type = FIELD_TEXT, .flags = FIELD_REQUIRED | FIELD_KEY,
	  .max_len = 32,
	  .csv_names = "Local Student ID|Student ID|Local ID|Student Local ID|StudentUniqueId",
	  .edfi_path = "CourseTranscript/StudentAcademicRecordReference/StudentAcademicRecordIdentity/StudentReference/StudentIdentity/StudentUniqueId|"
		"Grade/StudentSectionAssociationReference/StudentSectionAssociationIdentity/StudentReference/StudentIdentity/StudentUniqueId",
	  .column = "local_student_id",
	  .description = "The LEA's own identifier of the student.", .example = "S004211" },
	SCHOOL_ID_FIELD(FIELD_REQUIRED,
		"CourseTranscript/StudentAcademicRecordReference/StudentAcademicRecordIdentity/EducationOrganizationReference/EducationOrganizationIdentity/EducationOrganizationId|"
		"Grade/StudentSectionAssociationReference/StudentSectionAssociationIdentity/SectionReference/SectionIdentity/CourseOfferingReference/CourseOfferingIdentity/SchoolReference/SchoolIdentity/SchoolId",
		"The school that gave the grade."),
	{ .name = "section_id", .type = FIELD_TEXT, .max_len = 32,
	  .csv_names = "Section ID|Section|Class ID|SectionIdentifier",
	  .edfi_path = "CourseTranscript/SectionReference/SectionIdentity/SectionIdentifier|"
		"Grade/StudentSectionAssociationReference/StudentSectionAssociationIdentity/SectionReference/SectionIdentity/SectionIdentifier",
	  .column = "section_id",
	  .description = "The section the grade is for; empty for a course taken elsewhere.",
	  .example = "MA0910-S1-02" },
	COURSE_CODE_FIELD("CourseTranscript/CourseReference/CourseIdentity/CourseCode|"
			  "CourseOffering/CourseReference/CourseIdentity/CourseCode|"
			  "Grade/StudentSectionAssociationReference/StudentSectionAssociationIdentity/SectionReference/SectionIdentity/CourseOfferingReference/CourseOfferingIdentity/LocalCourseCode"),
	TERM_FIELD("CourseTranscript/StudentAcademicRecordReference/StudentAcademicRecordIdentity/Term|Session/Term"),
	{ .name = "mark", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2,
	  .codeset = "mark", .csv_names = "Mark|Final Grade|Letter Grade|Grade Earned|LetterGradeEarned",
	  .edfi_path = "CourseTranscript/FinalLetterGradeEarned|"
		"Grade[GradeType=final_grade]/LetterGradeEarned", .column = "mark",
	  .description = "The final mark.", .example = "B+" },
	{ .name = "credits_attempted", .type = FIELD_DECIMAL, .max_len = 6, .scale = 2,
	  .min = 0, .max = 1000, .csv_names = "Credits Attempted|Attempted Credits|AttemptedCredits",
	  .edfi_path = "CourseTranscript/AttemptedCredits/Credits", .column = "credits_attempted",
	  .description = "Credits the student attempted.", .example = "0.50" },
	{ .name = "credits_earned", .type = FIELD_DECIMAL, .max_len = 6, .scale = 2,
	  .min = 0, .max = 1000, .csv_names = "Credits Earned|Earned Credits|EarnedCredits",
	  .edfi_path = "CourseTranscript/EarnedCredits/Credits", .column = "credits_earned",
	  .description = "Credits the student earned.", .example = "0.50" },
	SCHOOL_YEAR_FIELD_AT("CourseTranscript/StudentAcademicRecordReference/StudentAcademicRecordIdentity/SchoolYear|"
			     "Grade/StudentSectionAssociationReference/StudentSectionAssociationIdentity/SectionReference/SectionIdentity/CourseOfferingReference/CourseOfferingIdentity"
			     "/SessionReference/SessionIdentity/SchoolYear"),
};

static const struct field_def assessment_fields[] = {
	LEA_ID_FIELD,
	LOCAL_ID_FIELD("StudentAssessment"),
	SCHOOL_ID_FIELD(0, "StudentAssessment/ReportedSchoolReference/SchoolIdentity/SchoolId",
		"The school where the student tested."),
	{ .name = "test_code", .type = FIELD_TEXT, .flags = FIELD_REQUIRED, .max_len = 20,
	  .csv_names = "Test Code|Assessment Code|Test|AssessmentIdentifier",
	  .edfi_path = "StudentAssessment/AssessmentReference/AssessmentIdentity/AssessmentIdentifier", .column = "test_code",
	  .description = "The state test, from the state's assessment list.", .example = "SAGE-MA-05" },
	SUBJECT_FIELD(FIELD_REQUIRED, "Assessment/AcademicSubject", "The subject tested.", "MATH"),
	DATE_FIELD("test_date", FIELD_REQUIRED, "Test Date|Administration Date|AdministrationDate",
		   "StudentAssessment/AdministrationDate", "The day the student took the test.", "2027-04-21"),
	{ .name = "grade_level", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 2,
	  .codeset = "grade_level", .csv_names = "Grade Level|Tested Grade|Grade|WhenAssessedGradeLevelDescriptor",
	  .edfi_path = "StudentAssessment/WhenAssessedGradeLevel", .column = "grade_level",
	  .description = "The grade the student was in when tested.", .example = "05" },
	{ .name = "scale_score", .type = FIELD_INT, .flags = FIELD_REQUIRED, .max_len = 6,
	  .min = 0, .max = 9999, .csv_names = "Scale Score|Score|ScoreResult",
	  .edfi_path = "StudentAssessment/ScoreResult[AssessmentReportingMethod=scale_score]/Result",
	  .column = "scale_score",
	  .description = "The scale score; its valid range depends on the test.", .example = "2471" },
	{ .name = "proficiency_level", .type = FIELD_CODE, .max_len = 1,
	  .codeset = "proficiency_level", .csv_names = "Proficiency Level|Performance Level|PerformanceLevelDescriptor",
	  .edfi_path = "StudentAssessment/PerformanceLevel/PerformanceLevel", .column = "proficiency_level",
	  .description = "The proficiency level the score reaches.", .example = "3" },
	{ .name = "growth_percentile", .type = FIELD_INT, .max_len = 3, .min = 1, .max = 99,
	  .csv_names = "Growth Percentile|Student Growth Percentile|SGP",
	  .edfi_path = "StudentAssessment/ScoreResult[AssessmentReportingMethod=growth_percentile]/Result",
	  .column = "growth_percentile",
	  .description = "Student growth percentile, 1 to 99, from the second tested year on.",
	  .example = "62" },
	SCHOOL_YEAR_FIELD_AT("StudentAssessment/SchoolYear"),
};

static const struct field_def special_ed_fields[] = {
	LEA_ID_FIELD,
	LOCAL_ID_FIELD("StudentSpecialEducationProgramAssociation"),
	{ .name = "disability", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 3,
	  .codeset = "disability", .csv_names = "Disability|Primary Disability|Disability Category|DisabilityDescriptor",
	  .edfi_path = "StudentSpecialEducationProgramAssociation/Disability/Disability", .column = "disability",
	  .description = "The primary IDEA disability category.", .example = "SLD" },
	{ .name = "setting", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 8,
	  .codeset = "sped_setting", .csv_names = "Setting|Educational Environment|SpecialEducationSettingDescriptor",
	  .edfi_path = "StudentSpecialEducationProgramAssociation/SpecialEducationSetting", .column = "setting",
	  .description = "The educational environment.", .example = "RC80" },
	DATE_FIELD("iep_start_date", FIELD_REQUIRED, "IEP Start Date|IEP Begin Date|IEPBeginDate",
		   "StudentSpecialEducationProgramAssociation/IEPBeginDate", "The first day of the current IEP.", "2026-09-14"),
	DATE_FIELD("iep_end_date", 0, "IEP End Date|IEP Review Date|IEPEndDate",
		   "StudentSpecialEducationProgramAssociation/IEPEndDate|"
		   "StudentSpecialEducationProgramAssociation/IEPReviewDate", "The day the IEP ends or is next reviewed.", "2027-09-13"),
	DATE_FIELD("exit_date", 0, "Exit Date|SPED Exit Date|EndDate",
		   "StudentSpecialEducationProgramAssociation/SpecialEducationExitDate|"
		   "StudentSpecialEducationProgramAssociation/EndDate", "The day special education ended, if it did.", "2027-05-28"),
	{ .name = "exit_reason", .type = FIELD_CODE, .max_len = 3, .codeset = "sped_exit_reason",
	  .csv_names = "Exit Reason|SPED Exit Reason|ReasonExitedDescriptor",
	  .edfi_path = "StudentSpecialEducationProgramAssociation/SpecialEducationExitReason|"
		"StudentSpecialEducationProgramAssociation/ReasonExited", .column = "exit_reason",
	  .description = "Why special education ended; required with an exit date.", .example = "GHS" },
	SCHOOL_YEAR_FIELD,
};

static const struct field_def program_fields[] = {
	LEA_ID_FIELD,
	LOCAL_ID_FIELD("StudentProgramAssociation"),
	{ .name = "program", .type = FIELD_CODE, .flags = FIELD_REQUIRED, .max_len = 8,
	  .codeset = "program", .csv_names = "Program|Program Code|ProgramTypeDescriptor",
	  .edfi_path = "StudentProgramAssociation/ProgramReference/ProgramIdentity/ProgramType", .column = "program",
	  .description = "The program the student takes part in.", .example = "EL" },
	DATE_FIELD("begin_date", FIELD_REQUIRED, "Begin Date|Start Date|Program Start Date|BeginDate",
		   "StudentProgramAssociation/BeginDate", "The first day of participation this school year.", "2026-08-19"),
	DATE_FIELD("end_date", 0, "End Date|Program End Date|EndDate",
		   "StudentProgramAssociation/EndDate", "The last day of participation, if it has ended.", "2027-02-01"),
	SCHOOL_YEAR_FIELD,
};

/*
 * In the order stages process them: directory records first, then students,
 * then the records that refer to a student by local ID (validation checks
 * each against the accepted student records).
 */
static const struct record_def records[] = {
	{ "lea", "LEA", "The LEA itself, as its directory entry.",
	  "warehouse.lea", lea_fields, N(lea_fields) },
	{ "school", "SCH", "A school of the LEA, as its directory entry.",
	  "warehouse.school", school_fields, N(school_fields) },
	{ "staff", "STF", "A staff member of the LEA and their main assignment.",
	  "warehouse.staff", staff_fields, N(staff_fields) },
	{ "credential", "CRD", "A license or endorsement a staff member holds.",
	  "warehouse.credential", credential_fields, N(credential_fields) },
	{ "course", "CRS", "A course of the state course catalog the LEA offers.",
	  "warehouse.course", course_fields, N(course_fields) },
	{ "section", "SEC", "A section of a course taught at a school in a term, with its teacher.",
	  "warehouse.section", section_fields, N(section_fields) },
	{ "student", "STU", "A student as one LEA knows them: identity and demographics.",
	  "warehouse.student", student_fields, N(student_fields) },
	{ "enrollment", "ENR", "A spell of enrollment of a student in a school.",
	  "warehouse.enrollment", enrollment_fields, N(enrollment_fields) },
	{ "attendance", "ATT", "A student's attendance at one school over the school year so far.",
	  "warehouse.attendance", attendance_fields, N(attendance_fields) },
	{ "course_grade", "GRD", "A student's final mark in a course section for a term.",
	  "warehouse.course_grade", course_grade_fields, N(course_grade_fields) },
	{ "assessment", "ASM", "A student's result on a state assessment.",
	  "warehouse.assessment_result", assessment_fields, N(assessment_fields) },
	{ "special_ed", "SPE", "A student's special-education summary (IDEA).",
	  "warehouse.special_ed", special_ed_fields, N(special_ed_fields) },
	{ "program", "PRG", "A student's participation in a program (EL, migrant, homeless...).",
	  "warehouse.program_participation", program_fields, N(program_fields) },
};

size_t catalog_nrecords(void)
{
	return N(records);
}

const struct record_def *catalog_record_at(size_t i)
{
	return i < N(records) ? &records[i] : NULL;
}

const struct record_def *catalog_record(const char *name)
{
	size_t i;

	for (i = 0; i < N(records); i++)
		if (!strcmp(records[i].name, name))
			return &records[i];
	return NULL;
}

int record_field_index(const struct record_def *rec, const char *name)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (!strcmp(rec->fields[i].name, name))
			return (int)i;
	return -1;
}

int record_has_student(const struct record_def *rec)
{
	return record_field_index(rec, "local_id") >= 0;
}

/* Header comparison ignores case, spaces, '-', '_' and '/'. */
static int ignorable(unsigned char c)
{
	return c == ' ' || c == '-' || c == '_' || c == '/' || c == '\t';
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* 1 if header[0..hlen) equals name[0..nlen) after folding. */
static int header_equal(const char *header, size_t hlen, const char *name, size_t nlen)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < hlen && ignorable((unsigned char)header[i]))
			i++;
		while (j < nlen && ignorable((unsigned char)name[j]))
			j++;
		if (i == hlen || j == nlen)
			return i == hlen && j == nlen;
		if (fold((unsigned char)header[i]) != fold((unsigned char)name[j]))
			return 0;
		i++;
		j++;
	}
}

int record_field_by_header(const struct record_def *rec, const char *header, size_t len)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++) {
		const char *names = rec->fields[i].csv_names;

		while (names && *names) {
			const char *bar = strchr(names, '|');
			size_t n = bar ? (size_t)(bar - names) : strlen(names);

			if (header_equal(header, len, names, n))
				return (int)i;
			names = bar ? bar + 1 : NULL;
		}
		/* The canonical name itself is always accepted. */
		if (header_equal(header, len, rec->fields[i].name, strlen(rec->fields[i].name)))
			return (int)i;
	}
	return -1;
}

const struct codeset_def *catalog_codeset(const char *name)
{
	size_t i;

	for (i = 0; i < N(codesets); i++)
		if (!strcmp(codesets[i].name, name))
			return &codesets[i];
	return NULL;
}

int codeset_contains(const struct codeset_def *set, const char *code, size_t len)
{
	size_t i;

	for (i = 0; i < set->nvalues; i++)
		if (strlen(set->values[i].code) == len && !memcmp(set->values[i].code, code, len))
			return 1;
	return 0;
}

const char *field_type_name(enum field_type type)
{
	switch (type) {
	case FIELD_TEXT:
		return "text";
	case FIELD_CODE:
		return "code";
	case FIELD_INT:
		return "integer";
	case FIELD_DECIMAL:
		return "decimal";
	case FIELD_DATE:
		return "date";
	case FIELD_SSID:
		return "ssid";
	}
	return "unknown";
}
