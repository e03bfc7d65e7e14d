package hearth

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Strategy is a way of coping that a member wrote down for the
// community: what to do, and how it helps, tagged with the situations it
// helps in. Strategies form the community's library ("collective
// wisdom"): every member may read and add them, and mark those that
// helped them. Who wrote a strategy is never shown to others, and who
// marked one is never shown to anyone: only counts are.
type Strategy struct {
	ID int64
	// AuthorID is the member who wrote it.
	AuthorID int64
	// Language is the language it is written in ("en" or "es"); it is
	// shown to everyone, whatever their language.
	Language string
	Title    string
	// Body is how it helps: plain text, its line breaks kept.
	Body string
	// Tags are situations (StrategyTags), at least one.
	Tags []string
	// Program is "" for program-neutral, else one of StrategyPrograms.
	Program string
	// ShareID is the share it was saved from (0 for none).
	ShareID int64
	// Helped is how many members marked it "this helped me".
	Helped int
	// HelpedMe says the actor marked it; Mine that the actor wrote it.
	HelpedMe bool
	Mine     bool
	// Hidden says a site admin hid it from the library (only its author
	// and admins still see it), with HiddenReason.
	Hidden       bool
	HiddenReason string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Limits on strategies.
const (
	StrategyTitleMax = 120   // characters
	StrategyBodyMax  = 4_000 // characters
	StrategyTagsMax  = 6
	// StrategyPageMax is the most strategies one call lists.
	StrategyPageMax = 50
	// StrategyQueryMax bounds a search as typed, in characters.
	StrategyQueryMax = 200
	// StrategyReasonMax bounds a moderator's reason.
	StrategyReasonMax = 500
)

// StrategyTags are the situations a strategy may be tagged with, in the
// order pages list them. Each has a label "situation.<tag>" in the
// catalogs.
var StrategyTags = []string{
	"craving", "hungry", "angry", "lonely", "tired", "anger", "grief", "loneliness", "insomnia",
	"night", "social_pressure", "holidays", "early_recovery", "after_setback", "stress", "anxiety",
	"boredom", "work", "family", "relationships", "pain", "celebration",
}

// IsStrategyTag reports whether tag is one of StrategyTags.
func IsStrategyTag(tag string) bool { return slices.Contains(StrategyTags, tag) }

// StrategyPrograms are the programs a strategy may belong to; "" (not
// listed) is program-neutral. Each has a label "strategy_program.<id>".
var StrategyPrograms = []string{"aa", "na", "alanon", "smart", "refuge"}

// IsStrategyProgram reports whether p is "" or one of StrategyPrograms.
func IsStrategyProgram(p string) bool { return p == "" || slices.Contains(StrategyPrograms, p) }

// Validate checks a strategy as written. It trims the title and the end
// of the body, sorts and dedupes the tags. Text that had to be mended is
// mended in place and refused once, so the member sees what changed:
// bytes that are not UTF-8 become U+FFFD, invisible characters
// (zero-width spaces and joiners, bidirectional controls, soft hyphens)
// are taken out. Words that mix alphabets (a Cyrillic "а" in a Latin
// word: homoglyph spam) and markup that could run (script, iframe,
// style, object, embed tags, javascript: links) are refused and left as
// typed. Pages show strategies as plain text, escaped, whatever they hold.
func (s *Strategy) Validate() error {
	errs := FieldErrors{}
	if !IsLanguage(s.Language) {
		errs["language"] = "error.strategy.language"
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"title", &s.Title, StrategyTitleMax}, {"body", &s.Body, StrategyBodyMax}} {
		if key := mendText(f.v); key != "" {
			errs.Add(f.name, key)
		}
		if f.name == "title" {
			*f.v = strings.TrimSpace(*f.v)
		} else {
			*f.v = strings.TrimRight(*f.v, " \t\r\n")
		}
		switch {
		case strings.TrimSpace(*f.v) == "":
			errs.Add(f.name, "error.strategy."+f.name+"_required")
		case utf8.RuneCountInString(*f.v) > f.max:
			errs.Add(f.name, "error.strategy."+f.name+"_long")
		case hasMarkup(*f.v):
			errs.Add(f.name, "error.strategy.markup")
		case mixedScript(*f.v):
			errs.Add(f.name, "error.strategy.mixed_script")
		case f.name == "title" && hasControl(*f.v):
			errs.Add(f.name, "error.strategy.title_required")
		}
	}
	tags := []string{}
	for _, t := range s.Tags {
		t = strings.TrimSpace(t)
		if !IsStrategyTag(t) {
			errs.Add("tags", "error.strategy.tag")
			continue
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	slices.SortFunc(tags, func(a, b string) int { return slices.Index(StrategyTags, a) - slices.Index(StrategyTags, b) })
	s.Tags = tags
	switch {
	case len(tags) == 0:
		errs.Add("tags", "error.strategy.tags_required")
	case len(tags) > StrategyTagsMax:
		errs.Add("tags", "error.strategy.tags_many")
	}
	if !IsStrategyProgram(s.Program) {
		errs["program"] = "error.strategy.program"
	}
	return errs.Err()
}

// mendText makes *v valid UTF-8 without invisible characters, and
// returns the catalog key that says what it mended ("" for nothing).
func mendText(v *string) string {
	key := ""
	if !utf8.ValidString(*v) {
		*v = strings.ToValidUTF8(*v, "\uFFFD")
		key = "error.strategy.encoding"
	}
	if clean, found := StripInvisible(*v); found {
		*v = clean
		if key == "" {
			key = "error.strategy.invisible"
		}
	}
	return key
}

// isInvisible reports whether r is a character that shows nothing but can
// hide or disguise text: zero-width spaces and joiners, word joiners,
// bidirectional controls, soft hyphens and the byte-order mark.
func isInvisible(r rune) bool {
	switch {
	case r == '\u00AD', r == '\u034F', r == '\u061C', r == '\u180E', r == '\uFEFF':
		return true
	case r >= '\u200B' && r <= '\u200F', r >= '\u202A' && r <= '\u202E', r >= '\u2060' && r <= '\u2069':
		return true
	}
	return false
}

// StripInvisible returns s without invisible characters, and whether it
// held any.
func StripInvisible(s string) (string, bool) {
	if strings.IndexFunc(s, isInvisible) < 0 {
		return s, false
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s), true
}

// markup is what hasMarkup refuses, lower case.
var markup = []string{"<script", "</script", "<iframe", "<style", "</style", "<object", "<embed", "javascript:"}

// hasMarkup reports whether s holds a tag that could run or restyle a
// page if it were ever shown unescaped.
func hasMarkup(s string) bool {
	l := strings.ToLower(s)
	for _, m := range markup {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// mixedScript reports whether a word of s mixes Latin letters with
// Cyrillic or Greek ones: the look-alike letters spammers use to slip
// past filters ("frее" with Cyrillic е's).
func mixedScript(s string) bool {
	var latin, other bool
	for _, r := range s + " " {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.Is(unicode.Cyrillic, r), unicode.Is(unicode.Greek, r):
			other = true
		case !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r):
			if latin && other {
				return true
			}
			latin, other = false, false
		}
	}
	return false
}

// StrategyUpdate changes a strategy; nil fields stay as they are.
type StrategyUpdate struct {
	Language *string
	Title    *string
	Body     *string
	Tags     *[]string
	Program  *string
}

// Apply sets the update's fields on s.
func (u StrategyUpdate) Apply(s *Strategy) {
	set(&s.Language, u.Language)
	set(&s.Title, u.Title)
	set(&s.Body, u.Body)
	set(&s.Tags, u.Tags)
	set(&s.Program, u.Program)
}

// Orders of the library.
const (
	// SortHelpful: most marked "this helped me" first.
	SortHelpful = "helpful"
	// SortNewest: latest added first.
	SortNewest = "newest"
	// SortRelevance: best match of the search first (SortHelpful when
	// there is no search).
	SortRelevance = "relevance"
)

// StrategyFilter chooses and orders strategies.
type StrategyFilter struct {
	// Query, when set, is a question or words in either language;
	// strategies that match any of its meaningful words are found (the
	// more they match, the better), and words that name a situation find
	// the strategies tagged with it, in either language.
	Query string
	// Tag, when set, keeps the strategies tagged with this situation.
	Tag string
	// Program, when set, keeps that program's strategies and the
	// neutral ones.
	Program string
	// Sort is SortHelpful (the default), SortNewest or SortRelevance.
	Sort string
	// Language puts strategies in this language first, whatever the
	// order ("" for none).
	Language string
	// Mine keeps the actor's own strategies, hidden ones included.
	Mine bool
	// Offset and Limit page the list (Limit 1 to StrategyPageMax; 0
	// means 20).
	Offset int
	Limit  int
}

// Normal returns the filter with its limit and order in bounds.
func (f StrategyFilter) Normal() StrategyFilter {
	switch {
	case f.Limit <= 0:
		f.Limit = 20
	case f.Limit > StrategyPageMax:
		f.Limit = StrategyPageMax
	}
	f.Offset = max(0, f.Offset)
	if f.Sort != SortNewest && f.Sort != SortRelevance {
		f.Sort = SortHelpful
	}
	if f.Sort == SortRelevance && strings.TrimSpace(f.Query) == "" {
		f.Sort = SortHelpful
	}
	return f
}

// Moderation actions a site admin takes on a strategy.
const (
	ModerateHide    = "hide"
	ModerateRestore = "restore"
	ModerateRemove  = "remove"
)

// StrategyAudit is one moderation of a strategy, kept after the strategy
// itself is removed.
type StrategyAudit struct {
	StrategyID int64
	AdminID    int64
	Action     string
	Reason     string
	At         time.Time
}

// CanEditStrategy says whether the actor may change or delete s: only its
// author. Site admins moderate (hide, restore, remove) but never edit
// another member's words; a group's trusted servants have no say over
// the library.
func CanEditStrategy(actor *Account, s *Strategy) bool {
	return actor != nil && s != nil && actor.ID == s.AuthorID
}

// CanModerateStrategies says whether the actor moderates the library:
// site admins.
func CanModerateStrategies(actor *Account) bool { return actor != nil && actor.Role == RoleAdmin }

// StrategyService keeps the community's library of coping strategies.
// Anyone, visitors included, may read the strategies the library shows;
// writing needs a member in the context (EUNAUTHORIZED without one). A
// hidden strategy is ENOTFOUND to everyone but its author and site
// admins.
type StrategyService interface {
	// CreateStrategy adds a strategy written by the actor and fills in
	// ID, AuthorID and times. EUNAUTHORIZED, EINVALID.
	CreateStrategy(ctx context.Context, s *Strategy) error
	// SaveShareAsStrategy adds a strategy made from the actor's share
	// shareID, with the title, body and tags given. EUNAUTHORIZED,
	// EINVALID; ECONFLICT when that share is already in the library;
	// EFORBIDDEN unless the actor wrote the share.
	SaveShareAsStrategy(ctx context.Context, shareID int64, s *Strategy) error
	// UpdateStrategy changes one of the actor's strategies and returns it
	// as stored. EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN for another's,
	// EINVALID.
	UpdateStrategy(ctx context.Context, id int64, u StrategyUpdate) (*Strategy, error)
	// DeleteStrategy deletes one of the actor's strategies.
	// EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN for another's.
	DeleteStrategy(ctx context.Context, id int64) error
	// Strategy returns one strategy. EUNAUTHORIZED for a visitor: what
	// members write is for members (TRUST.md); ENOTFOUND.
	Strategy(ctx context.Context, id int64) (*Strategy, error)
	// Strategies lists a page of the library as f chooses; more says
	// whether strategies follow. EUNAUTHORIZED for a visitor; EINVALID
	// for a query too long, an unknown tag or program.
	Strategies(ctx context.Context, f StrategyFilter) (list []*Strategy, more bool, err error)
	// MarkHelped marks (helped true) or unmarks a strategy "this helped
	// me" for the actor; marking twice counts once. EUNAUTHORIZED,
	// ENOTFOUND, EFORBIDDEN on one's own strategy.
	MarkHelped(ctx context.Context, id int64, helped bool) error
	// ModerateStrategy hides, restores or removes a strategy, recording
	// the admin and reason. EUNAUTHORIZED, EFORBIDDEN unless the actor is
	// a site admin, ENOTFOUND, EINVALID for an unknown action or a
	// missing reason.
	ModerateStrategy(ctx context.Context, id int64, action, reason string) error
	// StrategyAudits lists a strategy's moderation, latest first, for
	// site admins. EUNAUTHORIZED, EFORBIDDEN.
	StrategyAudits(ctx context.Context, id int64) ([]*StrategyAudit, error)
}
