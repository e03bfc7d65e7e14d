package hearth

import "time"

// ExportFormat names the version of the export document.
const ExportFormat = "hearth-export/1"

// Export is everything a member gave Hearth, as they download it. It
// never holds another member's private data. Each feature adds its part.
type Export struct {
	Format            string          `json:"format"`
	ExportedAt        time.Time       `json:"exported_at"`
	Account           ExportAccount   `json:"account"`
	RecoveryCodesLeft int             `json:"recovery_codes_left"`
	Sessions          []ExportSession `json:"sessions"`
	AccessTokens      []ExportToken   `json:"access_tokens"`
	Groups            []ExportGroup   `json:"groups"`
	Meetings          []ExportMeeting `json:"meetings"`
	Clocks            []ExportClock   `json:"clocks"`
	CheckIns          []ExportCheckIn `json:"check_ins"`
	// Journal is the member's journal, oldest entry first.
	Journal []ExportJournalEntry `json:"journal"`
	// StepWork is the member's step work: programs, progress and every
	// worksheet entry, opened.
	StepWork ExportStepWork `json:"step_work"`
	// Shares are the member's shares and replies in groups.
	Shares []ExportShare `json:"shares"`
	// Messages are the messages the member wrote (not those written to
	// them: those are the other member's), oldest first.
	Messages []ExportMessage `json:"messages"`
	// ReachOuts are the member's "I need support now", with their words.
	ReachOuts  []ExportReachOut `json:"reach_outs"`
	MutedWords []string         `json:"muted_words"`
	// MessageReports are the reports of messages the member made, newest
	// first: why, their note, what became of it and when a site admin
	// read it (not the message: its words are the other member's).
	MessageReports []ExportMessageReport `json:"message_reports"`
	// Strategies are those the member shared in the library, oldest
	// first; HelpedStrategies the IDs of those they marked "this helped
	// me".
	Strategies       []ExportStrategy `json:"strategies"`
	HelpedStrategies []int64          `json:"helped_strategies"`
	// SponsorProfile is the member's offer to sponsor (nil for none), and
	// Sponsorships every sponsorship they were in, as sponsor or sponsee.
	SponsorProfile *ExportSponsorProfile `json:"sponsor_profile"`
	Sponsorships   []ExportSponsorship   `json:"sponsorships"`
	// Partnerships are the member's accountability partnerships, pending
	// ones included: the other member by display name, and what the
	// member chose to share (never what the other shares).
	Partnerships []ExportPartnership `json:"partnerships"`
	// ReachOutPlan is who the member's "I need support now" tells, and
	// in what words.
	ReachOutPlan ExportReachOutPlan `json:"reach_out_plan"`
	// Reactions are the member's reactions to shares, oldest first (not
	// the shares: their words are their authors').
	Reactions []ExportReaction `json:"reactions"`
	// Reports are the member's reports of shares, replies, members and
	// strategies, oldest first: why, their note and what became of it
	// (not what was reported).
	Reports []ExportReport `json:"reports"`
	// Blocked are the members the member blocks, by display name.
	Blocked []string `json:"blocked_members"`
	// Settings are the member's choices about messages and
	// notifications.
	Settings ExportSettings `json:"settings"`
}

// ExportReaction is one reaction the member left on a share.
type ExportReaction struct {
	Group     string    `json:"group"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportReport is one report the member made (of anything but a
// message: those are MessageReports).
type ExportReport struct {
	Of         string     `json:"of"` // "share", "reply", "member" or "strategy"
	Group      string     `json:"group,omitempty"`
	Reason     string     `json:"reason"`
	Note       string     `json:"note,omitempty"`
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"created_at"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
}

// ExportSettings are a member's choices.
type ExportSettings struct {
	MessagesFrom  string          `json:"messages_from"`
	ReadReceipts  bool            `json:"read_receipts"`
	Notifications map[string]bool `json:"notifications"`
}

// ExportPartnership is one accountability partnership in a member's
// export.
type ExportPartnership struct {
	Other      string     `json:"other"`      // their display name
	InvitedBy  string     `json:"invited_by"` // "me" or "them"
	Accepted   bool       `json:"accepted"`
	IShare     []string   `json:"i_share"` // of "counts", "check_ins", "mood", "nudges"
	CreatedAt  time.Time  `json:"created_at"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
}

// Export is the partnership as its member's export has it.
func (p *Partnership) Export() ExportPartnership {
	x := ExportPartnership{Other: FormerMember, InvitedBy: "me", Accepted: p.Accepted, IShare: []string{}, CreatedAt: p.CreatedAt.UTC()}
	if p.Them != nil {
		x.Other = p.Them.DisplayName
	}
	if p.Invited {
		x.InvitedBy = "them"
	}
	for _, s := range []struct {
		on   bool
		name string
	}{{p.Mine.Clocks, "counts"}, {p.Mine.CheckIns, "check_ins"}, {p.Mine.Mood, "mood"}, {p.Mine.Nudges, "nudges"}} {
		if s.on {
			x.IShare = append(x.IShare, s.name)
		}
	}
	if !p.AcceptedAt.IsZero() {
		at := p.AcceptedAt.UTC()
		x.AcceptedAt = &at
	}
	return x
}

// ExportReachOutPlan is the member's plan for "I need support now": it
// tells their partners, their sponsor, the trusted servants of the
// groups named, in their words ("" for Hearth's own).
type ExportReachOutPlan struct {
	Partners    bool       `json:"partners"`
	Sponsor     bool       `json:"sponsor"`
	Groups      []string   `json:"groups"` // group names
	Words       string     `json:"words,omitempty"`
	PausedUntil *time.Time `json:"taking_others_again_at,omitempty"`
}

// ExportShare is one share or reply the member wrote.
type ExportShare struct {
	Group     string     `json:"group"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title,omitempty"`
	Body      string     `json:"body"`
	Reply     bool       `json:"reply,omitempty"`
	Anonymous bool       `json:"posted_as_a_member_of_the_group,omitempty"`
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	EditedAt  *time.Time `json:"edited_at,omitempty"`
	// Earlier are the words it had before each edit, oldest first.
	Earlier []ExportShareVersion `json:"earlier_versions,omitempty"`
}

// ExportShareVersion is a share or reply as it was before an edit.
type ExportShareVersion struct {
	Title      string    `json:"title,omitempty"`
	Body       string    `json:"body"`
	Warning    string    `json:"warning,omitempty"`
	ReplacedAt time.Time `json:"replaced_at"`
}

// ExportMessage is one message the member wrote, and to whom.
type ExportMessage struct {
	To        string    `json:"to"` // their sign-in name; "" for a former member
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportMessageReport is one report of a message the member made.
type ExportMessageReport struct {
	Reason    string      `json:"reason"`
	Note      string      `json:"note,omitempty"`
	Status    string      `json:"status"`
	CreatedAt time.Time   `json:"created_at"`
	HandledAt *time.Time  `json:"handled_at,omitempty"`
	ReadAt    []time.Time `json:"read_by_a_site_admin_at"`
}

// ExportReachOut is one reach-out the member sent.
type ExportReachOut struct {
	Words     string    `json:"words"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportStrategy is a strategy the member shared in the library.
type ExportStrategy struct {
	ID        int64     `json:"id"`
	Language  string    `json:"language"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Tags      []string  `json:"tags"`
	Program   string    `json:"program"`
	Helped    int       `json:"helped"`
	Hidden    bool      `json:"hidden"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// FormerMember names, in an export, a member who was erased.
const FormerMember = "former member"

// ExportSponsorProfile is a member's sponsor profile in their export.
type ExportSponsorProfile struct {
	Programs   []string `json:"programs"`
	Languages  []string `json:"languages"`
	TimeZone   string   `json:"time_zone"`
	Ways       []string `json:"ways"`
	Capacity   int      `json:"capacity"`
	Gender     string   `json:"gender"`
	Welcomes   []string `json:"welcomes"`
	Substances []string `json:"substances"`
	About      string   `json:"about"`
	Paused     bool     `json:"paused"`
}

// Export is the profile as its member's export has it.
func (p *SponsorProfile) Export() ExportSponsorProfile {
	return ExportSponsorProfile{Programs: p.Programs, Languages: p.Languages, TimeZone: p.TimeZone, Ways: p.Ways,
		Capacity: p.Capacity, Gender: p.Gender, Welcomes: p.Welcomes, Substances: p.Substances, About: p.About, Paused: p.Paused}
}

// ExportSponsorship is one sponsorship in a member's export: the other
// member by display name ("former member" once erased); the request's
// message when the member wrote it and the thank-you they wrote.
type ExportSponsorship struct {
	Role          string     `json:"role"` // "sponsor" or "sponsee"
	Program       string     `json:"program"`
	Status        string     `json:"status"`
	Other         string     `json:"other"`
	Message       string     `json:"message,omitempty"`
	DeclineReason string     `json:"decline_reason,omitempty"`
	CadenceDays   int        `json:"cadence_days,omitempty"`
	CadenceWay    string     `json:"cadence_way,omitempty"`
	Thanks        string     `json:"thanks,omitempty"`
	CheckIns      []string   `json:"check_ins,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	EndedAt       *time.Time `json:"ended_at,omitempty"`
}

// ExportAccount is the profile part of an export.
type ExportAccount struct {
	Handle      string    `json:"signin_name"`
	DisplayName string    `json:"display_name"`
	Pronouns    string    `json:"pronouns"`
	Language    string    `json:"language"`
	TimeZone    string    `json:"time_zone"`
	Country     string    `json:"country"`
	Email       string    `json:"email"`
	Role        Role      `json:"role"`
	CreatedAt   time.Time `json:"created_at"`
}

// ExportSession is one signed-in browser.
type ExportSession struct {
	Device     string    `json:"device"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
}

// ExportToken is one API token (its name and dates; never the token).
type ExportToken struct {
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedOn *time.Time `json:"last_used_on,omitempty"`
}

// ExportGroup is a group the member belongs to, or asked to join
// (Pending).
type ExportGroup struct {
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Role     string    `json:"role,omitempty"`
	Pending  bool      `json:"pending,omitempty"`
	JoinedAt time.Time `json:"joined_at,omitzero"`
}

// ExportMeeting is a meeting the member follows ("my meetings").
type ExportMeeting struct {
	Slug       string    `json:"slug"`
	Name       string    `json:"name"`
	Group      string    `json:"group"`
	FollowedAt time.Time `json:"followed_at"`
}

// ExportClock is one of the member's counts, with its setbacks.
type ExportClock struct {
	Name          string          `json:"name"`
	Kind          string          `json:"kind"`
	Start         string          `json:"start"` // YYYY-MM-DD
	StartTime     string          `json:"start_time,omitempty"`
	Schedule      string          `json:"milestones"`
	MoneyPerDay   int64           `json:"money_per_day_hundredths,omitempty"`
	MinutesPerDay int             `json:"minutes_per_day,omitempty"`
	Visibility    string          `json:"visibility"`
	Celebrate     bool            `json:"celebrate"`
	CreatedAt     time.Time       `json:"created_at"`
	Setbacks      []ExportSetback `json:"setbacks"`
}

// ExportSetback is one setback of a count.
type ExportSetback struct {
	On            string    `json:"on"`
	PreviousStart string    `json:"previous_start"`
	Note          string    `json:"note,omitempty"`
	Plan          string    `json:"plan,omitempty"`
	RecordedAt    time.Time `json:"recorded_at"`
	// TellPartners is whether the member let their partners know of it.
	TellPartners bool `json:"told_partners"`
}

// ExportCheckIn is one daily check-in; absent answers are left out.
type ExportCheckIn struct {
	On         string   `json:"on"`
	Mood       int      `json:"mood,omitempty"`
	Craving    *int     `json:"craving,omitempty"`
	HALT       []string `json:"halt,omitempty"`
	SleepHours *float64 `json:"sleep_hours,omitempty"`
	Gratitude  string   `json:"gratitude,omitempty"`
	Commitment string   `json:"commitment,omitempty"`
	Note       string   `json:"note,omitempty"`
	Review     string   `json:"review,omitempty"`
}

// Export turns a check-in into its export.
func (c *CheckIn) Export() ExportCheckIn {
	x := ExportCheckIn{On: c.On.String(), Mood: c.Mood, Gratitude: c.Gratitude, Commitment: c.Commitment, Note: c.Note, Review: c.Review}
	if c.Craving >= 0 {
		n := c.Craving
		x.Craving = &n
	}
	if c.SleepTenths >= 0 {
		h := float64(c.SleepTenths) / 10
		x.SleepHours = &h
	}
	for _, st := range HALTStates {
		if c.HALT.Has(st.State) {
			x.HALT = append(x.HALT, st.Name)
		}
	}
	return x
}

// Export turns a clock and its setbacks into their export.
func (c *Clock) Export(setbacks []*Setback) ExportClock {
	x := ExportClock{Name: c.Name, Kind: c.Kind, Start: c.Start.String(), StartTime: c.StartTime, Schedule: c.Schedule,
		MoneyPerDay: c.MoneyPerDay, MinutesPerDay: c.MinutesPerDay, Visibility: c.Visibility, Celebrate: c.Celebrate,
		CreatedAt: c.CreatedAt.UTC(), Setbacks: []ExportSetback{}}
	for _, s := range setbacks {
		x.Setbacks = append(x.Setbacks, ExportSetback{On: s.On.String(), PreviousStart: s.PreviousStart.String(),
			Note: s.Note, Plan: s.Plan, RecordedAt: s.RecordedAt.UTC(), TellPartners: s.TellPartners})
	}
	return x
}

// ExportJournalEntry is one entry of the member's journal, opened.
type ExportJournalEntry struct {
	On        string    `json:"on"` // YYYY-MM-DD
	Title     string    `json:"title,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ExportStepWork is a member's step work.
type ExportStepWork struct {
	Programs []string             `json:"programs"`
	Progress []ExportStepProgress `json:"progress"`
	Entries  []ExportStepEntry    `json:"entries"`
	// Shares are the items the member shares, and with whom.
	Shares []ExportStepShare `json:"shares"`
	// Comments are the comments the member wrote on shared step work,
	// theirs or another's (never the comments others wrote).
	Comments []ExportStepComment `json:"comments"`
}

// ExportStepShare is an item of step work the member shares with one
// person (their display name).
type ExportStepShare struct {
	Kind      string    `json:"kind"` // "entry", "worksheet" or "progress"
	Program   string    `json:"program"`
	Worksheet string    `json:"worksheet,omitempty"`
	With      string    `json:"with"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportStepComment is a comment the member wrote on a shared item: Owner
// is whose step work it is (their display name; "" for the member's own).
type ExportStepComment struct {
	Owner     string    `json:"owner,omitempty"`
	Kind      string    `json:"kind"`
	Program   string    `json:"program"`
	Worksheet string    `json:"worksheet,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportStepProgress is where the member is with one step.
type ExportStepProgress struct {
	Program   string    `json:"program"`
	Step      string    `json:"step"`
	Status    string    `json:"status"`
	Note      string    `json:"note,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ExportStepEntry is one worksheet entry, opened.
type ExportStepEntry struct {
	Program   string            `json:"program"`
	Worksheet string            `json:"worksheet"`
	Position  int               `json:"position,omitempty"`
	On        string            `json:"on,omitempty"`
	Fields    map[string]string `json:"fields"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}
