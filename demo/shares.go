package demo

import (
	"context"
	"fmt"
	"time"

	"hearth"
)

// demoShare is a share of the demo, with its replies and reactions.
type demoShare struct {
	group, author, kind, title, body, warning string
	anonymous                                 bool
	daysAgo                                   int
	replies                                   [][2]string // author, body
	reactions                                 [][2]string // who, reaction
}

var shares = []demoShare{
	{group: "serenity-at-sunrise", author: "jordan.0008", kind: hearth.ShareMilestone, title: "Thirty days", daysAgo: 24,
		body:      "Thirty days this morning. I didn't think I'd make it past the first weekend.\n\nThank you for the **coffee** and for not asking too many questions.",
		replies:   [][2]string{{"river.0001", "So glad you kept coming back. Keep it simple."}, {"grace.0010", "Thirty days is thirty mornings. Well done."}},
		reactions: [][2]string{{"river.0001", "strength"}, {"grace.0010", "thank-you"}, {"river.0001", "heard"}}},
	{group: "serenity-at-sunrise", author: "grace.0010", kind: hearth.ShareQuestion, title: "Holidays with family", daysAgo: 17,
		body:      "How do you all handle family gatherings where everyone drinks? I have one in two weeks and I'm already anxious.",
		replies:   [][2]string{{"river.0001", "I bring my own drink, drive myself, and have a call lined up for the car ride after."}, {"jordan.0008", "Leaving early is allowed. I learned that the hard way."}},
		reactions: [][2]string{{"jordan.0008", "me-too"}, {"river.0001", "me-too"}}},
	{group: "serenity-at-sunrise", author: "river.0001", kind: hearth.ShareShare, title: "", daysAgo: 9, warning: "relapse",
		body:      "Three months ago I was in a hotel room on a work trip and I drank. I'm writing it here because shame grows in the dark.\n\nI'm back, and this morning the page we read was *exactly* what I needed.",
		replies:   [][2]string{{"grace.0010", "Thank you for trusting us with this."}},
		reactions: [][2]string{{"grace.0010", "heard"}, {"jordan.0008", "strength"}}},
	{group: "serenity-at-sunrise", author: "jordan.0008", kind: hearth.ShareGratitude, title: "Small things", daysAgo: 2, anonymous: true,
		body:      "Grateful today for: a quiet morning, a sponsor who picks up, and the fact that I remembered last night.",
		reactions: [][2]string{{"grace.0010", "thank-you"}}},
	{group: "grupo-renacer", author: "luz.0002", kind: hearth.ShareMilestone, title: "Dos años", daysAgo: 3,
		body:      "Hoy cumplo dos años. Gracias a este grupo por sostenerme cuando yo no podía. Solo por hoy.",
		replies:   [][2]string{{"marisol.0004", "¡Felicidades, Luz! Tu historia me da esperanza."}, {"mateo.0009", "Enhorabuena. Gracias por seguir viniendo."}},
		reactions: [][2]string{{"marisol.0004", "strength"}, {"mateo.0009", "thank-you"}, {"marisol.0004", "heard"}}},
	{group: "grupo-renacer", author: "mateo.0009", kind: hearth.ShareQuestion, title: "Los primeros días", daysAgo: 8,
		body:      "Llevo pocos días. Las noches son lo más difícil. ¿Qué les ayudó a ustedes al principio?",
		replies:   [][2]string{{"luz.0002", "Llamar a alguien antes de dormir. Y las reuniones en línea de madrugada."}, {"marisol.0004", "Escribir tres cosas por las que estaba agradecida. Parece poco, pero ayuda."}},
		reactions: [][2]string{{"luz.0002", "me-too"}, {"marisol.0004", "me-too"}}},
	{group: "grupo-renacer", author: "marisol.0004", kind: hearth.ShareShare, title: "Una semana difícil", daysAgo: 15, warning: "grief", anonymous: true,
		body:      "Esta semana murió mi tía. Pensé en beber, no lo hice. Vine a la reunión y lloré. Gracias por dejarme llorar.",
		replies:   [][2]string{{"luz.0002", "Aquí estamos. Un abrazo grande."}},
		reactions: [][2]string{{"luz.0002", "heard"}, {"mateo.0009", "strength"}}},
	{group: "rainbow-recovery", author: "kai.0007", kind: hearth.ShareGratitude, title: "Coming as I am", daysAgo: 12,
		body:      "First group where nobody stumbled over my pronouns. Ninety days today, and I felt at home.",
		replies:   [][2]string{{"river.0001", "Glad you're here, Kai. Ninety days!"}},
		reactions: [][2]string{{"river.0001", "thank-you"}}},
	{group: "women-in-recovery", author: "ana.0006", kind: hearth.ShareQuestion, title: "Sponsors across time zones?", daysAgo: 20,
		body:      "Does anyone here work with a sponsor in another country? I'm in London and most of you are in the Americas. / ¿Alguien tiene madrina en otro país?",
		replies:   [][2]string{{"luz.0002", "Yo sí. Hablamos por la mañana de ella y la tarde mía. Funciona."}},
		reactions: [][2]string{{"luz.0002", "me-too"}}},
	{group: "night-owls-online", author: "sam.0003", kind: hearth.ShareShare, title: "3 a.m. again", daysAgo: 5,
		body:      "Can't sleep. Cravings are loud tonight. Not going to use. Just needed to say it somewhere.",
		replies:   [][2]string{{"luz.0002", "Te leo, Sam. Aquí sigo despierta. Respira."}},
		reactions: [][2]string{{"luz.0002", "strength"}, {"luz.0002", "heard"}}},
	{group: "young-people-in-recovery", author: "theo.0005", kind: hearth.ShareMilestone, title: "One month without betting", daysAgo: 1,
		body:      "Deleted the apps, gave my cards to my brother. One month. Saved enough for the rent.",
		replies:   [][2]string{{"mateo.0009", "¡Bien hecho, Theo! One month!"}},
		reactions: [][2]string{{"mateo.0009", "strength"}}},
}

// backdater is what the demo uses, when the store offers it, to give
// shares the times they were written, and sponsorships the day they
// began.
type backdater interface {
	SetShareTime(ctx context.Context, id int64, at time.Time) error
	SetSponsorshipTime(ctx context.Context, id int64, at time.Time) error
}

// fillShares posts the demo's shares, replies and reactions, spread over
// the last few weeks.
func fillShares(ctx context.Context, st Store, ids, groupIDs map[string]int64, now time.Time) error {
	as := func(handle string) context.Context {
		return hearth.NewContextWithAccount(ctx, &hearth.Account{ID: ids[handle], Handle: handle})
	}
	back, _ := st.(backdater)
	for _, d := range shares {
		sh := &hearth.Share{GroupID: groupIDs[d.group], Kind: d.kind, Title: d.title, Body: d.body, Warning: d.warning, Anonymous: d.anonymous}
		if err := st.CreateShare(as(d.author), sh); err != nil {
			return fmt.Errorf("demo share in %s: %w", d.group, err)
		}
		at := now.Add(-time.Duration(d.daysAgo)*24*time.Hour + 7*time.Hour)
		if back != nil {
			if err := back.SetShareTime(ctx, sh.ID, at); err != nil {
				return err
			}
		}
		for i, rp := range d.replies {
			reply := &hearth.Share{ParentID: sh.ID, Body: rp[1]}
			if err := st.CreateShare(as(rp[0]), reply); err != nil {
				return fmt.Errorf("demo reply in %s: %w", d.group, err)
			}
			if back != nil {
				if err := back.SetShareTime(ctx, reply.ID, at.Add(time.Duration(i+1)*97*time.Minute)); err != nil {
					return err
				}
			}
		}
		for _, rx := range d.reactions {
			if err := st.React(as(rx[0]), sh.ID, rx[1], true); err != nil {
				return fmt.Errorf("demo reaction in %s: %w", d.group, err)
			}
		}
	}
	return nil
}
