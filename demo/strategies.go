package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"hearth"
)

// strategiesJSON is the demo library of coping strategies: written for
// Hearth, in English and Spanish, each by a demo member, with the demo
// members who marked it "this helped me".
//
//go:embed data/strategies.json
var strategiesJSON []byte

type demoStrategy struct {
	By      string   `json:"by"`
	Lang    string   `json:"lang"`
	Title   string   `json:"title"`
	Body    string   `json:"body"`
	Tags    []string `json:"tags"`
	Program string   `json:"program"`
	Helped  []string `json:"helped"`
}

// Strategies is how many strategies the demo library holds.
func Strategies() int { return len(StrategyTexts()) }

// StrategyTexts are the demo library's strategies as written (no IDs, no
// authors), for generators such as bench/wisdom.
func StrategyTexts() []hearth.Strategy {
	var list []demoStrategy
	if err := json.Unmarshal(strategiesJSON, &list); err != nil {
		return nil
	}
	out := make([]hearth.Strategy, len(list))
	for i, d := range list {
		out[i] = hearth.Strategy{Language: d.Lang, Title: d.Title, Body: d.Body, Tags: d.Tags, Program: d.Program}
	}
	return out
}

// fillStrategies adds the demo library and its marks.
func fillStrategies(ctx context.Context, st Store, ids map[string]int64) error {
	var list []demoStrategy
	if err := json.Unmarshal(strategiesJSON, &list); err != nil {
		return fmt.Errorf("demo strategies: %w", err)
	}
	as := func(handle string) context.Context {
		return hearth.NewContextWithAccount(ctx, &hearth.Account{ID: ids[handle], Handle: handle})
	}
	for _, d := range list {
		s := &hearth.Strategy{Language: d.Lang, Title: d.Title, Body: d.Body, Tags: d.Tags, Program: d.Program}
		if err := st.CreateStrategy(as(d.By), s); err != nil {
			return fmt.Errorf("demo strategy %q: %w", d.Title, err)
		}
		for _, h := range d.Helped {
			if err := st.MarkHelped(as(h), s.ID, true); err != nil {
				return fmt.Errorf("demo mark of %q by %s: %w", d.Title, h, err)
			}
		}
	}
	return nil
}
