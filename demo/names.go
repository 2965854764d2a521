package demo

import (
	"fmt"
	"strings"
)

// Company names are a prefix and suffix fused into one word ("Iron"+"crest")
// followed by a word of the company's industry ("Logistics"). Their product is
// companySpace names, handed out by a permutation of the account index so the
// first companySpace accounts never share a name.
var (
	namePrefixes = []string{
		"North", "Blue", "Silver", "Bright", "Iron", "Clear", "Red", "Green", "Stone", "Sun",
		"Oak", "Pine", "Cedar", "High", "Deep", "Swift", "True", "Gold", "Star", "Crest",
		"Maple", "River", "Storm", "Summit", "Harbor", "Cloud", "Frost", "Amber", "Wild", "Far",
	}
	nameSuffixes = []string{
		"wind", "field", "bridge", "stone", "gate", "path", "wave", "line", "point", "works",
		"ridge", "brook", "haven", "crest", "forge", "light", "vale", "mark", "wood", "port",
		"view", "peak", "shore", "leaf", "spark",
	}
	// industries pairs the value of the industry attribute with the words
	// companies in it put after their name.
	industries = []struct {
		name  string
		words []string
	}{
		{"Software", []string{"Software", "Labs", "Systems", "Digital"}},
		{"Healthcare", []string{"Health", "Medical", "Care"}},
		{"Logistics", []string{"Logistics", "Freight", "Shipping"}},
		{"Financial Services", []string{"Capital", "Financial", "Payments"}},
		{"Manufacturing", []string{"Manufacturing", "Industries", "Fabrication"}},
		{"Retail", []string{"Retail", "Goods", "Outfitters"}},
		{"Media", []string{"Media", "Studios", "Publishing"}},
		{"Energy", []string{"Energy", "Power", "Solar"}},
		{"Education", []string{"Learning", "Academy", "Education"}},
		{"Hospitality", []string{"Hotels", "Hospitality", "Travel"}},
	}
	industryWords = flattenIndustries()
	companySpace  = len(namePrefixes) * len(nameSuffixes) * len(industryWords)
)

type industryWord struct{ industry, word string }

func flattenIndustries() []industryWord {
	var out []industryWord
	for _, ind := range industries {
		for _, w := range ind.words {
			out = append(out, industryWord{ind.name, w})
		}
	}
	return out
}

// companyName returns the name, industry and email domain of account idx.
// legal is the legal-form suffix ("Inc", "GmbH", or "").
func companyName(seed int64, idx int, legal string) (name, industry, domain string) {
	// An affine map j = a*idx + b (mod companySpace) with a coprime to
	// companySpace is a permutation: distinct indexes get distinct names.
	a := uint64(7919) // prime, and companySpace's factors are small
	b := splitmix(uint64(seed)) % uint64(companySpace)
	j := int((a*uint64(idx%companySpace) + b) % uint64(companySpace))
	w := industryWords[j%len(industryWords)]
	j /= len(industryWords)
	stem := namePrefixes[j%len(namePrefixes)] + nameSuffixes[j/len(namePrefixes)]
	name = stem + " " + w.word
	domain = strings.ToLower(stem + "-" + w.word)
	if round := idx / companySpace; round > 0 {
		name += fmt.Sprintf(" %d", round+1)
		domain += fmt.Sprintf("-%d", round+1)
	}
	if legal != "" {
		name += " " + legal
	}
	return name, w.industry, domain + ".example"
}

var (
	firstNames = []string{
		"Alex", "Jamie", "Morgan", "Taylor", "Jordan", "Casey", "Riley", "Avery", "Quinn", "Harper",
		"Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas",
		"Mia", "Logan", "Amelia", "James", "Charlotte", "Benjamin", "Chloe", "Daniel", "Grace", "Henry",
		"Hannah", "Samuel", "Zoe", "David", "Leah", "Mateo", "Sofia", "Arjun", "Mei", "Yusuf",
		"Fatima", "Hiroshi", "Ingrid", "Kwame", "Lena", "Rafael", "Sana", "Tomasz", "Valentina", "Wei",
	}
	lastNames = []string{
		"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson",
		"White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott",
		"Nguyen", "Patel", "Kim", "Müller", "Schmidt", "Rossi", "Dubois", "Kowalski", "Novak", "Sato",
		"Okafor", "Mensah", "Haddad", "Cohen", "Larsen", "Silva", "Costa", "Ivanova", "Fischer", "Singh",
	}
	// titles of contacts by role.
	titles = map[string][]string{
		"economic_buyer":    {"VP Operations", "CFO", "VP Customer Experience", "Head of Operations", "COO"},
		"executive_sponsor": {"CEO", "CTO", "Chief Revenue Officer", "SVP Strategy", "Chief Digital Officer"},
		"champion":          {"Operations Manager", "Director of Analytics", "Program Manager", "Head of Enablement", "Director of Support"},
		"technical_owner":   {"IT Manager", "Platform Engineer", "Director of IT", "Solutions Architect", "Data Engineer"},
		"admin":             {"Systems Administrator", "Operations Specialist", "Business Systems Analyst"},
		"end_user":          {"Analyst", "Coordinator", "Specialist", "Team Lead", "Associate", "Account Manager"},
	}
)

// demoDomain is where gtg's own simulated staff have their mailboxes.
const demoDomain = "gtg-demo.example"

// csm is a simulated customer success manager. skill nudges the health of
// the accounts they own, a small effect later reports can try to find.
type csm struct {
	email   string
	segment string
	skill   float64
}

// csms are the demo's CSMs, pooled by segment.
var csms = []csm{
	{"dana.reyes@" + demoDomain, segEnterprise, 0.15},
	{"marcus.chen@" + demoDomain, segEnterprise, 0},
	{"priya.natarajan@" + demoDomain, segMid, 0.1},
	{"tom.okafor@" + demoDomain, segMid, -0.05},
	{"elena.garcia@" + demoDomain, segMid, 0},
	{"sam.kowalski@" + demoDomain, segSMB, -0.15},
	{"aisha.bello@" + demoDomain, segSMB, 0.05},
	{"lucas.martin@" + demoDomain, segSMB, 0},
}

// accountExecutives close the deals the CSMs take over.
var accountExecutives = []string{
	"jordan.blake@" + demoDomain, "nina.petrov@" + demoDomain, "omar.haddad@" + demoDomain,
	"claire.dubois@" + demoDomain, "kenji.watanabe@" + demoDomain,
}

// competitors show up in notes of accounts that are shopping around.
var competitors = []string{"Competitor X", "Competitor Y", "RivalSoft", "Acme CS Suite"}

// csmsOf returns the CSMs of a segment in a fixed order.
func csmsOf(segment string) []csm {
	var out []csm
	for _, c := range csms {
		if c.segment == segment {
			out = append(out, c)
		}
	}
	return out
}

// personName returns a contact's name and the local part of their email.
func personName(first, last string) (name, local string) {
	local = strings.ToLower(first + "." + last)
	local = strings.NewReplacer("ü", "ue", "ö", "oe", "ä", "ae").Replace(local)
	return first + " " + last, local
}
