package demo

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gtg-dev/gtg"
)

// person is a contact with the days they joined and left the relationship
// (0: before history, and not at all), so events only name people who were
// there at the time.
type person struct {
	c            *gtg.Contact
	joined, left gtg.Day
	replaces     *person // the champion this one took over from
}

// keyRoles are the contacts whose departure hurts the account.
func keyRole(role string) bool {
	return role == gtg.RoleChampion || role == gtg.RoleEconomicBuyer || role == gtg.RoleExecutiveSponsor
}

// contacts draws the account's stakeholders and who of them leaves when.
func (s *sim) contacts(r *rand.Rand) {
	var n int
	roles := []string{gtg.RoleEconomicBuyer, gtg.RoleChampion, gtg.RoleTechnicalOwner}
	switch s.segment {
	case segSMB:
		n = between(r, 3, 6)
	case segMid:
		n = between(r, 5, 9)
		if chance(r, 0.5) {
			roles = append(roles, gtg.RoleExecutiveSponsor)
		}
	default:
		n = between(r, 7, 12)
		roles = append(roles, gtg.RoleExecutiveSponsor, gtg.RoleChampion)
	}
	if n >= 5 {
		roles = append(roles, gtg.RoleAdmin)
	}
	for len(roles) < n {
		roles = append(roles, gtg.RoleEndUser)
	}
	for _, role := range roles {
		s.addPerson(r, role, 0)
	}

	// Departures. Key people leave at about 15% a year, others at 10%.
	from, to := max(s.first, s.start.AddDays(45)), s.cfg.Today.AddDays(-3)
	if from >= to {
		return
	}
	years := float64(s.cfg.Days) / 365
	for _, p := range s.people[:len(roles)] {
		rate := 0.10
		if keyRole(p.c.Role) {
			rate = 0.15
		}
		if !chance(r, 1-math.Pow(1-rate, years)) {
			continue
		}
		p.left = from.AddDays(r.IntN(int(to - from)))
		p.c.Status, p.c.StatusChangedOn = gtg.ContactLeft, p.left
		// Most departed champions get a successor within weeks.
		if p.c.Role == gtg.RoleChampion && chance(r, 0.65) {
			if j := p.left.AddDays(between(r, 20, 70)); j <= s.cfg.Today {
				s.addPerson(r, gtg.RoleChampion, j).replaces = p
			}
		}
	}
}

// addPerson adds a contact with a fresh email at the account's domain.
func (s *sim) addPerson(r *rand.Rand, role string, joined gtg.Day) *person {
	var name, email string
	for try := 0; ; try++ {
		var local string
		name, local = personName(pick(r, firstNames), pick(r, lastNames))
		if try > 5 {
			local += string(rune('0' + try%10))
		}
		email = local + "@" + s.domain
		if !s.hasEmail(email) {
			break
		}
	}
	p := &person{joined: joined, c: &gtg.Contact{
		AccountExternalID: s.acct.ExternalID,
		Email:             email,
		Name:              name,
		Title:             pick(r, titles[role]),
		Role:              role,
		Status:            gtg.ContactActive,
	}}
	if joined > s.start {
		p.c.StatusChangedOn = joined // active since they joined
	}
	s.people = append(s.people, p)
	return p
}

func (s *sim) hasEmail(email string) bool {
	for _, p := range s.people {
		if p.c.Email == email {
			return true
		}
	}
	return false
}

// contactOn returns the email of someone at the account on day d with one of
// the roles, or of anyone there when none has them; "" when nobody is there.
func (s *sim) contactOn(r *rand.Rand, d gtg.Day, roles ...string) string {
	var found []*person
	for _, p := range s.people {
		if p.present(d) && slices.Contains(roles, p.c.Role) {
			found = append(found, p)
		}
	}
	if len(found) == 0 {
		for _, p := range s.people {
			if p.present(d) {
				found = append(found, p)
			}
		}
	}
	if len(found) == 0 {
		return ""
	}
	return pick(r, found).c.Email
}

func (p *person) present(d gtg.Day) bool {
	return (p.joined == 0 || p.joined <= d) && (p.left == 0 || d < p.left)
}
