package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"hearth"
)

// buildExport gathers everything the signed-in member gave Hearth, their
// private fields opened.
func (s *Server) buildExport(ctx context.Context) (*hearth.Export, error) {
	a, err := s.store.FindAccountByID(ctx, hearth.AccountIDFromContext(ctx))
	if err != nil {
		return nil, err
	}
	e := &hearth.Export{
		Format:     hearth.ExportFormat,
		ExportedAt: s.now().UTC(),
		Account: hearth.ExportAccount{
			Handle: a.Handle, DisplayName: a.DisplayName, Pronouns: a.Pronouns, Language: a.Language,
			TimeZone: a.TimeZone, Country: a.Country, Email: a.Email, Role: a.Role, CreatedAt: a.CreatedAt.UTC(),
		},
		Sessions:     []hearth.ExportSession{},
		AccessTokens: []hearth.ExportToken{},
		Groups:       []hearth.ExportGroup{},
	}
	if e.RecoveryCodesLeft, err = s.store.RecoveryCodesLeft(ctx, a.ID); err != nil {
		return nil, err
	}
	sessions, err := s.store.ListSessions(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range sessions {
		e.Sessions = append(e.Sessions, hearth.ExportSession{Device: x.Device, CreatedAt: x.CreatedAt.UTC(), LastSeenAt: x.LastSeenAt.UTC()})
	}
	tokens, err := s.store.ListAccessTokens(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		et := hearth.ExportToken{Name: t.Name, CreatedAt: t.CreatedAt.UTC()}
		if !t.LastUsedAt.IsZero() {
			used := t.LastUsedAt.UTC()
			et.LastUsedOn = &used
		}
		e.AccessTokens = append(e.AccessTokens, et)
	}
	// The groups they belong to or asked to join, and the meetings they
	// keep.
	if err := s.store.ExportMemberships(ctx, a.ID, e); err != nil {
		return nil, err
	}
	// Their counts with every setback, and every check-in.
	e.Clocks, e.CheckIns = []hearth.ExportClock{}, []hearth.ExportCheckIn{}
	clocks, err := s.store.Clocks(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range clocks {
		_, setbacks, err := s.store.Clock(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		e.Clocks = append(e.Clocks, c.Export(setbacks))
	}
	checkIns, err := s.store.CheckIns(ctx, hearth.EarliestStart, hearth.Today(s.now(), time.UTC).AddDays(2), true)
	if err != nil {
		return nil, err
	}
	for _, c := range checkIns {
		e.CheckIns = append(e.CheckIns, c.Export())
	}
	// Their journal, opened.
	if err := s.store.ExportJournal(ctx, e); err != nil {
		return nil, err
	}
	// Their step work, opened.
	if err := s.store.ExportSteps(ctx, e); err != nil {
		return nil, err
	}
	// What they said to others: shares, messages, reach-outs.
	if err := s.store.ExportTalk(ctx, e); err != nil {
		return nil, err
	}
	// What they shared in the library, and marked there.
	if err := s.store.ExportStrategies(ctx, e); err != nil {
		return nil, err
	}
	// Their sponsor profile and sponsorships.
	if err := s.store.ExportSponsorships(ctx, e); err != nil {
		return nil, err
	}
	// Their accountability partnerships.
	if err := s.store.ExportPartnerships(ctx, e); err != nil {
		return nil, err
	}
	// Whom they block, and their choices about messages and
	// notifications.
	blocked, err := s.store.BlockedMembers(ctx)
	if err != nil {
		return nil, err
	}
	e.Blocked = make([]string, 0, len(blocked))
	for _, b := range blocked {
		e.Blocked = append(e.Blocked, b.DisplayName)
	}
	mp, err := s.store.MessagePrefs(ctx)
	if err != nil {
		return nil, err
	}
	e.Settings = hearth.ExportSettings{MessagesFrom: mp.From, ReadReceipts: mp.Receipts}
	if e.Settings.Notifications, err = s.store.NotificationPrefs(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// ExportPage shows the export as a readable page.
type ExportPage struct {
	SettingsPage
	Export *hearth.Export
	// Helped are the strategies the member marked "this helped me", by
	// title ("" for one no longer in the library).
	Helped []HelpedStrategy
}

// HelpedStrategy is a strategy a member marked, as their export page
// names it.
type HelpedStrategy struct {
	ID    int64
	Title string
}

// Former is how an export names an erased member, for the page to say it
// in the member's language.
func (p *ExportPage) Former() string { return hearth.FormerMember }

func (s *Server) exportPage(w http.ResponseWriter, r *http.Request) error {
	e, err := s.buildExport(r.Context())
	if err != nil {
		return err
	}
	page := &ExportPage{SettingsPage: s.settingsPage(r, "export.title", "export"), Export: e}
	for _, id := range e.HelpedStrategies {
		h := HelpedStrategy{ID: id}
		st, err := s.store.Strategy(r.Context(), id)
		switch hearth.ErrorCode(err) {
		case "":
			h.Title = st.Title
		case hearth.ENOTFOUND:
		default:
			return err
		}
		page.Helped = append(page.Helped, h)
	}
	return s.render(w, r, http.StatusOK, "export", page)
}

func (s *Server) exportJSON(w http.ResponseWriter, r *http.Request) error {
	e, err := s.buildExport(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="hearth-export.json"`)
	return writeJSON(w, http.StatusOK, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
