package demo

import (
	"context"
	"fmt"
	"time"

	"hearth"
)

// River works AA's steps with Grace, their sponsor (see fillSponsors):
// steps 1 to 3 done, step 4 begun, with resentment, fear and sex-conduct
// rows, a week of nightly reviews, and four resentment rows shared with
// Grace, who left a comment.

var resentments = []map[string]string{
	{"who": "My father", "cause": "He missed my graduation and never said why.", "affects": "self_esteem,personal,pride", "part": "I never told him it mattered. I kept score instead."},
	{"who": "My old boss", "cause": "Passed me over and gave the job to a friend.", "affects": "security,ambitions,pocketbook", "part": "I came in late for months and blamed the traffic."},
	{"who": "The bank", "cause": "Charged fees the month I lost my job.", "affects": "security,pocketbook,fear", "part": "I ignored the letters."},
	{"who": "My ex", "cause": "Told our friends about my drinking.", "affects": "self_esteem,personal,sex,pride", "part": "I lied to them first, and for years."},
	{"who": "Jordan", "cause": "Laughed when I said I was getting sober.", "affects": "self_esteem,pride,fear", "part": "I was afraid of what they thought of me."},
}

var fears = []map[string]string{
	{"fear": "Being found out at work", "why": "I think people will see me as weak."},
	{"fear": "Being alone", "why": "Drinking was my company for a long time."},
}

var conduct = []map[string]string{
	{"relationship": "My ex", "conduct": "selfish,dishonest", "hurt": "My ex, and our friends", "instead": "Been honest about where I was at night."},
}

func fillSteps(ctx context.Context, st Store, ids map[string]int64, zones map[string]string, now time.Time) error {
	river := hearth.NewContextWithAccount(ctx, &hearth.Account{ID: ids["river.0001"], Handle: "river.0001"})
	grace := hearth.NewContextWithAccount(ctx, &hearth.Account{ID: ids["grace.0010"], Handle: "grace.0010"})
	today := hearth.Today(now, hearth.LoadZone(zones["river.0001"]))
	if err := st.ChooseProgram(river, "aa"); err != nil {
		return err
	}
	for step, status := range map[string]hearth.StepStatus{"1": hearth.StepDone, "2": hearth.StepDone, "3": hearth.StepWithSponsor, "4": hearth.StepBegun} {
		if err := st.SetStepProgress(river, &hearth.StepProgress{Program: "aa", Step: step, Status: status}); err != nil {
			return fmt.Errorf("demo step %s: %w", step, err)
		}
	}
	add := func(sheet string, on hearth.Date, fields map[string]string) (*hearth.StepEntry, error) {
		e := &hearth.StepEntry{Program: "aa", Worksheet: sheet, On: on, Fields: fields}
		return e, st.CreateStepEntry(river, e)
	}
	var shared []*hearth.StepEntry
	for i, f := range resentments {
		e, err := add("resentments", hearth.Date{}, f)
		if err != nil {
			return fmt.Errorf("demo resentment: %w", err)
		}
		if i < 4 {
			shared = append(shared, e)
		}
	}
	for _, f := range fears {
		if _, err := add("fears", hearth.Date{}, f); err != nil {
			return err
		}
	}
	for _, f := range conduct {
		if _, err := add("sex_conduct", hearth.Date{}, f); err != nil {
			return err
		}
	}
	if _, err := add("powerlessness", hearth.Date{}, map[string]string{"area": "work", "powerless": "I promised myself one drink at lunch, every day.", "unmanageable": "A warning at work, and I hid it from everyone."}); err != nil {
		return err
	}
	for d := 6; d >= 0; d-- {
		if _, err := add("nightly", today.AddDays(-d), map[string]string{
			"resentful": "A little, at the traffic.", "apology": "No.", "kind": "Mostly.",
			"better": "Listened more.", "went_well": gratitudes[d%len(gratitudes)]}); err != nil {
			return err
		}
	}
	// The 4th-step page Grace sees: four rows, shared one by one.
	var first int64
	for _, e := range shared {
		sh := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: e.ID, RecipientID: ids["grace.0010"]}
		if err := st.ShareStepWork(river, sh); err != nil {
			return fmt.Errorf("demo share: %w", err)
		}
		if first == 0 {
			first = sh.ID
		}
	}
	if _, err := st.CommentOnStepWork(grace, first, "Thank you for trusting me with this. Let's go through your part on Saturday."); err != nil {
		return err
	}
	return nil
}
