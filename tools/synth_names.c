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
