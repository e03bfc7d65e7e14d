package demo

import (
	"context"
	"fmt"

	"hearth"
)

// fillMessages gives the demo a conversation between Luz and River, in
// Spanish and English as they each write, and a reach-out Sam made to
// River, who answered.
func fillMessages(ctx context.Context, st Store, ids map[string]int64) error {
	as := func(handle string) context.Context {
		return hearth.NewContextWithAccount(ctx, &hearth.Account{ID: ids[handle], Handle: handle})
	}
	c, err := st.StartConversation(as("luz.0002"), ids["river.0001"])
	if err != nil {
		return fmt.Errorf("demo conversation: %w", err)
	}
	for _, m := range []struct{ from, body string }{
		{"luz.0002", "¿Cómo te fue hoy? Me acordé de ti en la reunión de la mañana."},
		{"river.0001", "Better after the meeting, thank you. Coffee on Saturday before the noon group?"},
	} {
		if _, err := st.SendMessage(as(m.from), c.ID, m.body); err != nil {
			return fmt.Errorf("demo message: %w", err)
		}
	}
	if err := st.SetReachOutPlan(as("sam.0003"), &hearth.ReachOutPlan{Partners: true, Sponsor: true,
		Words: "Cravings are loud tonight. Could someone call me?"}); err != nil {
		return fmt.Errorf("demo reach-out plan: %w", err)
	}
	r, err := st.ReachOut(as("sam.0003"))
	if err != nil {
		return fmt.Errorf("demo reach-out: %w", err)
	}
	answer, err := st.AnswerReachOut(as("river.0001"), r.ID)
	if err != nil {
		return fmt.Errorf("demo answer: %w", err)
	}
	if _, err := st.SendMessage(as("river.0001"), answer.ID, "I'm here. Calling you in five minutes."); err != nil {
		return fmt.Errorf("demo message: %w", err)
	}
	return nil
}
