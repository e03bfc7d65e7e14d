package storetest

import (
	"testing"

	"hearth"
)

// together: a sponsor and sponsee of an active sponsorship may write to
// each other whatever their message choices, the sponsee's reach-out
// reaches the sponsor, and the sponsee may share step work with them;
// once the sponsorship ends, none of it any more.
func (s suite) together(t *testing.T) {
	e := s.env(t)
	sponsor := e.mustSponsor(3, "aa")
	sponsee := e.mustAccount()
	ok(t, e.Store.SetMessagePrefs(e.as(sponsee), hearth.MessagePrefs{From: hearth.MessagesFromConnections}))
	_, err := e.Store.StartConversation(e.as(sponsor), sponsee.ID)
	wantCode(t, err, hearth.EFORBIDDEN)

	sp, err := e.Store.RequestSponsor(e.as(sponsee), sponsor.ID, "aa", "Could you guide me?")
	ok(t, err)
	ok(t, e.Store.AnswerSponsorRequest(e.as(sponsor), sp.ID, true, ""))
	c, err := e.Store.StartConversation(e.as(sponsor), sponsee.ID)
	ok(t, err)
	e.mustSend(sponsor, c.ID, "Call me when you get home.")

	r, err := e.Store.ReachOut(e.as(sponsee))
	ok(t, err)
	if len(r.Recipients) != 1 || r.Recipients[0].Account.ID != sponsor.ID {
		t.Errorf("the sponsee's reach-out went to %+v, want their sponsor", r.Recipients)
	}

	row := e.mustStepEntry(sponsee, "aa", "resentments", hearth.Date{}, map[string]string{"who": "My boss"})
	sh := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: row.ID, RecipientID: sponsor.ID}
	ok(t, e.Store.ShareStepWork(e.as(sponsee), sh))
	shared, err := e.Store.StepSharesWithMe(e.as(sponsor))
	ok(t, err)
	if len(shared) != 1 {
		t.Fatalf("the sponsor sees %d shared items, want 1", len(shared))
	}
	if _, err := e.Store.SharedStepWork(e.as(sponsor), sh.ID); err != nil {
		t.Fatalf("the sponsor cannot read the shared row: %v", err)
	}

	ok(t, e.Store.EndSponsorship(e.as(sponsee), sp.ID, "Thank you for everything."))
	_, err = e.Store.SharedStepWork(e.as(sponsor), sh.ID)
	wantCode(t, err, hearth.ENOTFOUND)
	e.clock.Advance(hearth.MessageInterval * 4)
	_, err = e.Store.SendMessage(e.as(sponsor), c.ID, "still here")
	ok(t, err) // the conversation they had stays theirs
	ok(t, e.Store.EraseConversation(e.as(sponsor), c.ID))
	ok(t, e.Store.EraseConversation(e.as(sponsee), c.ID))
	_, err = e.Store.StartConversation(e.as(sponsor), sponsee.ID)
	wantCode(t, err, hearth.EFORBIDDEN)
}
