// Package demo fills an empty Hearth with a small, believable community, so
// that someone trying Hearth meets groups, their meetings and people rather
// than blank pages. Every name is a pseudonym; nothing here is anyone's real story.
package demo

import (
	"context"
	"fmt"
	"time"

	"hearth"
)

// Password is the demo members' shared password; the log prints it.
const Password = "warm-hearth-demo"

// Store is what the demo fills.
type Store interface {
	hearth.AccountService
	hearth.GroupService
	hearth.MeetingService
	hearth.ClockService
	hearth.CheckInService
	hearth.PartnerService
	hearth.CelebrationService
	hearth.MessageService
	hearth.ReachOutService
	hearth.ShareService
	hearth.StepService
	hearth.StrategyService
	hearth.SponsorService
}

// Hasher hashes the demo password once.
type Hasher interface {
	Hash(ctx context.Context, password string) (string, error)
}

// Member is a demo member's sign-in.
type Member struct {
	Handle string
	Admin  bool
}

type member struct {
	handle, name, pronouns, lang, zone, country string
	admin                                       bool
	groups                                      []string
}

var members = []member{
	{"river.0001", "River", "they/them", "en", "America/New_York", "US", true, []string{"serenity-at-sunrise", "freethinkers", "rainbow-recovery"}},
	{"luz.0002", "Luz", "ella", "es", "America/Mexico_City", "MX", false, []string{"grupo-renacer", "women-in-recovery", "night-owls-online"}},
	{"sam.0003", "Sam", "he/him", "en", "America/Chicago", "US", false, []string{"just-for-today-na", "night-owls-online"}},
	{"marisol.0004", "Marisol", "", "es", "America/Los_Angeles", "US", false, []string{"grupo-renacer", "al-anon-family-circle"}},
	{"theo.0005", "Theo", "he/him", "en", "America/Toronto", "CA", false, []string{"young-people-in-recovery", "smart-tuesday-tools"}},
	{"ana.0006", "Ana", "she/her", "en", "Europe/London", "GB", false, []string{"recovery-dharma-sangha", "women-in-recovery"}},
	{"kai.0007", "Kai", "they/them", "en", "America/Denver", "US", false, []string{"rainbow-recovery", "ca-downtown"}},
	{"jordan.0008", "Jordan", "", "en", "America/New_York", "US", false, []string{"serenity-at-sunrise", "smart-tuesday-tools"}},
	{"mateo.0009", "Mateo", "él", "es", "Europe/Madrid", "ES", false, []string{"grupo-renacer", "young-people-in-recovery"}},
	{"grace.0010", "Grace", "she/her", "en", "America/Chicago", "US", false, []string{"al-anon-family-circle", "serenity-at-sunrise"}},
}

var groups = []hearth.Group{
	{Slug: "serenity-at-sunrise", Name: "Serenity at Sunrise", Program: "aa", Languages: []string{"en"}, Tags: []string{"newcomer-friendly"}, TimeZone: "America/New_York",
		Description: "An early-morning Big Book group. We read a page or two, then share. Coffee is strong and newcomers are always welcome."},
	{Slug: "just-for-today-na", Name: "Just for Today", Program: "na", Languages: []string{"en"}, Tags: []string{"newcomer-friendly"}, TimeZone: "America/Chicago",
		Description: "A Narcotics Anonymous home group that opens with the Just for Today reading. Keytags every week."},
	{Slug: "al-anon-family-circle", Name: "Family Circle", Program: "al-anon", Languages: []string{"en"}, TimeZone: "America/Chicago",
		Description: "For the families and friends of people who drink. We share experience, strength and hope."},
	{Slug: "ca-downtown", Name: "Downtown Hope", Program: "ca", Languages: []string{"en"}, TimeZone: "America/Denver",
		Description: "A Cocaine Anonymous group that meets downtown on weeknights. Speaker meeting on the first Friday."},
	{Slug: "smart-tuesday-tools", Name: "Tuesday Tools", Program: "smart", Languages: []string{"en"}, Tags: []string{"secular"}, TimeZone: "America/Toronto",
		Description: "A SMART Recovery meeting: we work through one tool each week, like cost-benefit analysis or urge logs."},
	{Slug: "recovery-dharma-sangha", Name: "Open Heart Sangha", Program: "recovery-dharma", Languages: []string{"en"}, TimeZone: "Europe/London",
		Description: "Recovery Dharma: meditation, a reading and sharing, rooted in Buddhist practice. No experience needed."},
	{Slug: "freethinkers", Name: "Freethinkers", Program: "aa", Languages: []string{"en"}, Tags: []string{"secular"}, TimeZone: "America/New_York",
		Description: "A secular AA group. We read the steps in their secular wording; believers and non-believers alike are welcome."},
	{Slug: "grupo-renacer", Name: "Grupo Renacer", Program: "aa", Languages: []string{"es"}, Tags: []string{"newcomer-friendly"}, TimeZone: "America/Los_Angeles",
		Description: "Un grupo de AA de habla hispana. Compartimos nuestra experiencia, fortaleza y esperanza. Todas las personas son bienvenidas."},
	{Slug: "women-in-recovery", Name: "Women in Recovery", Program: "aa", Languages: []string{"en", "es"}, Tags: []string{"women"}, TimeZone: "America/Mexico_City",
		Description: "A women's group, in English and Spanish. A safe place to talk about what is hard to say anywhere else."},
	{Slug: "rainbow-recovery", Name: "Rainbow Recovery", Program: "na", Languages: []string{"en"}, Tags: []string{"lgbtq", "non-binary"}, TimeZone: "America/Denver",
		Description: "An LGBTQ+ group where everyone can come as they are. Allies welcome."},
	{Slug: "young-people-in-recovery", Name: "Young People in Recovery", Program: "aa", Languages: []string{"en"}, Tags: []string{"young-people"}, TimeZone: "America/Toronto",
		Description: "For people who got sober young, or are trying to. Lots of laughter, no lectures."},
	{Slug: "night-owls-online", Name: "Night Owls", Program: "aa", Languages: []string{"en", "es"}, Tags: []string{"newcomer-friendly"}, TimeZone: "UTC",
		Description: "An online-only group for the late hours, when it's hardest. Someone is usually here."},
}

// Fill creates the demo community in an empty database, as of now, and returns the
// sign-ins to print. It refuses a database that already has members.
func Fill(ctx context.Context, st Store, h Hasher, now time.Time) ([]Member, error) {
	n, err := st.CountAccounts(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("the database already has %d members; the demo fills only an empty one", n)
	}
	hash, err := h.Hash(ctx, Password)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	var out []Member
	for _, m := range members {
		a := &hearth.Account{
			Handle: m.handle, DisplayName: m.name, Pronouns: m.pronouns, Language: m.lang,
			TimeZone: m.zone, Country: m.country, Role: hearth.RoleMember,
		}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: hash}); err != nil {
			return nil, fmt.Errorf("demo member %s: %w", m.handle, err)
		}
		if m.admin {
			if err := st.SetRole(ctx, m.handle, hearth.RoleAdmin); err != nil {
				return nil, err
			}
		}
		ids[m.handle] = a.ID
		out = append(out, Member{Handle: m.handle, Admin: m.admin})
	}
	groupIDs, owners := map[string]int64{}, map[string]int64{}
	for _, g := range groups {
		g := g
		g.Visibility = hearth.GroupListed
		g.JoinPolicy = hearth.JoinOpen
		var owner int64
		var rest []int64
		for _, m := range members {
			for _, slug := range m.groups {
				if slug == g.Slug {
					if owner == 0 {
						owner = ids[m.handle]
					} else {
						rest = append(rest, ids[m.handle])
					}
				}
			}
		}
		if owner == 0 {
			owner = ids[members[0].handle]
		}
		if err := st.CreateGroup(ctx, &g, owner); err != nil {
			return nil, fmt.Errorf("demo group %s: %w", g.Slug, err)
		}
		groupIDs[g.Slug], owners[g.Slug] = g.ID, owner
		for _, id := range rest {
			if err := st.AddGroupMember(ctx, g.ID, id, hearth.GroupMember); err != nil {
				return nil, err
			}
		}
	}
	if err := fillMeetings(ctx, st, groupIDs, owners, ids); err != nil {
		return nil, err
	}
	zones := map[string]string{}
	for _, m := range members {
		zones[m.handle] = m.zone
	}
	if err := fillRecovery(ctx, st, ids, zones, now); err != nil {
		return nil, err
	}
	if err := fillMessages(ctx, st, ids); err != nil {
		return nil, err
	}
	if err := fillShares(ctx, st, ids, groupIDs, now); err != nil {
		return nil, err
	}
	if err := fillSponsors(ctx, st, ids, zones, now); err != nil {
		return nil, err
	}
	if err := fillSteps(ctx, st, ids, zones, now); err != nil {
		return nil, err
	}
	if err := fillStrategies(ctx, st, ids); err != nil {
		return nil, err
	}
	return out, nil
}

// Groups is the number of demo groups (for tests).
func Groups() int { return len(groups) }
