package web

import (
	"net/http"
	"strconv"
	"time"

	"hearth"
)

// In-app notifications: the page, the settings of which kinds a member
// wants, and their API. A notification's words are generic ("Someone
// replied to your share"): they never hold what anyone wrote, so they are
// safe on a lock screen or in an email subject later. Nor do they name
// the group (TRUST.md): a notification links to its group, only while
// the member still belongs to it, and the group's page names it.

// notificationsPerPage is how many the page shows at once.
const notificationsPerPage = 30

// NotificationView is one notification as the page shows it.
type NotificationView struct {
	*hearth.Notification
	Text string // catalog key of the kind's words
	Link string
}

// Unread reports whether the member has not marked it read.
func (n NotificationView) Unread() bool { return n.ReadAt.IsZero() }

// NotificationsPage lists a member's notifications.
type NotificationsPage struct {
	Page
	List []NotificationView
	// Newest is the ID of the newest one shown: "mark all read" marks up
	// to it, not what arrived since.
	Newest int64
	// Older is the ?before= of the next page (0 when there is none).
	Older int64
}

// notificationText is the catalog key of a kind's words.
func notificationText(kind string) string {
	switch kind {
	case hearth.NotifyReply, hearth.NotifyReaction, hearth.NotifyModeration, hearth.NotifyReport, hearth.NotifyReportClosed,
		hearth.NotifyMessage, hearth.NotifyReachOut, hearth.NotifyAnswered,
		hearth.NotifySponsorRequest, hearth.NotifySponsorAnswer, hearth.NotifySponsorDue:
		return "notifications.kind." + kind
	}
	return "notifications.kind.other"
}

// unread counts the member's unread notifications for the header's
// badge; a failure shows none rather than failing the page.
func (s *Server) unread(r *http.Request) int {
	n, err := s.store.UnreadNotifications(r.Context())
	if err != nil && r.Context().Err() == nil {
		s.log.Error("counting unread notifications", "err", err)
	}
	return n
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := s.store.Notifications(r.Context(), before, notificationsPerPage+1)
	if err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	groups, err := s.store.MyGroups(r.Context(), a.ID)
	if err != nil {
		return err
	}
	byID := make(map[int64]*hearth.Group, len(groups))
	for _, g := range groups {
		byID[g.ID] = g
	}
	p := &NotificationsPage{Page: s.page(r, "notifications.title", "notifications")}
	if len(list) > notificationsPerPage {
		list = list[:notificationsPerPage]
		p.Older = list[len(list)-1].ID
	}
	for _, n := range list {
		v := NotificationView{Notification: n, Text: notificationText(n.Kind)}
		if g := byID[n.Group]; g != nil {
			v.Link = "/groups/" + g.Slug
		}
		switch n.Kind {
		case hearth.NotifyMessage, hearth.NotifyAnswered:
			v.Link = conversationPath(n.Subject)
		case hearth.NotifyReachOut:
			v.Link = "/support/received/" + strconv.FormatInt(n.Subject, 10)
		case hearth.NotifyModeration:
			if n.Subject == 0 {
				// Their posting in the group was paused, or let go again.
				v.Text = "notifications.kind.standing"
			}
		case hearth.NotifyReport:
			if n.Group == 0 {
				// The site's own queue: strategies and private messages.
				v.Text, v.Link = "notifications.kind.report_site", "/admin/reports"
			}
		case hearth.NotifyReportClosed:
			v.Link = "/messages#report-list"
		case hearth.NotifySponsorRequest, hearth.NotifySponsorAnswer, hearth.NotifySponsorDue:
			v.Link = "/recovery/sponsorships/" + strconv.FormatInt(n.Subject, 10)
		}
		p.List = append(p.List, v)
		p.Newest = max(p.Newest, n.ID)
	}
	return s.render(w, r, http.StatusOK, "notifications", p)
}

func (s *Server) markNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	upTo, _ := strconv.ParseInt(r.PostFormValue("up_to"), 10, 64)
	if err := s.store.MarkNotificationsRead(r.Context(), max(upTo, 0)); err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications", "notice.notifications_read")
}

// NotificationPrefsPage is the settings of which notifications to get.
type NotificationPrefsPage struct {
	SettingsPage
	Kinds []NotificationPref
}

// NotificationPref is one kind's checkbox.
type NotificationPref struct {
	Kind  string
	Label string // catalog keys
	Hint  string
	On    bool
}

func (s *Server) notificationPrefsPage(w http.ResponseWriter, r *http.Request) error {
	prefs, err := s.store.NotificationPrefs(r.Context())
	if err != nil {
		return err
	}
	p := &NotificationPrefsPage{SettingsPage: s.settingsPage(r, "notification_prefs.title", "notifications")}
	for _, k := range hearth.NotificationKinds {
		p.Kinds = append(p.Kinds, NotificationPref{Kind: k, On: prefs[k],
			Label: "notification_prefs." + k, Hint: "notification_prefs." + k + "_hint"})
	}
	return s.render(w, r, http.StatusOK, "notification_prefs", p)
}

func (s *Server) setNotificationPrefs(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	// A checkbox left unticked is not sent: every kind is set.
	prefs := make(map[string]bool, len(hearth.NotificationKinds))
	for _, k := range hearth.NotificationKinds {
		prefs[k] = r.PostForm.Get(k) != ""
	}
	if err := s.store.SetNotificationPrefs(r.Context(), prefs); err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/notifications", "notice.notification_prefs_saved")
}

// APINotification is a notification as the API shows it: what happened
// and where, never what anyone wrote.
type APINotification struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Group     int64      `json:"group,omitempty"`
	Subject   int64      `json:"subject,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// APINotifications is a page of notifications and the unread count.
type APINotifications struct {
	Notifications []APINotification `json:"notifications"`
	Unread        int               `json:"unread"`
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	errs := hearth.FieldErrors{}
	var before int64
	limit := notificationsPerPage
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			errs.Add("before", "error.api.type")
		}
		before = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			errs.Add("limit", "error.api.type")
		}
		limit = n
	}
	if err := errs.Err(); err != nil {
		return err
	}
	out := APINotifications{Notifications: []APINotification{}}
	if limit > 0 {
		list, err := s.store.Notifications(r.Context(), before, limit)
		if err != nil {
			return err
		}
		for _, n := range list {
			a := APINotification{ID: n.ID, Kind: n.Kind, Group: n.Group, Subject: n.Subject, CreatedAt: n.CreatedAt.UTC()}
			if !n.ReadAt.IsZero() {
				t := n.ReadAt.UTC()
				a.ReadAt = &t
			}
			out.Notifications = append(out.Notifications, a)
		}
	}
	var err error
	if out.Unread, err = s.store.UnreadNotifications(r.Context()); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// APIMarkRead marks notifications read up to an ID (0 or absent: all).
type APIMarkRead struct {
	UpTo int64 `json:"up_to"`
}

func (s *Server) apiMarkNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	var in APIMarkRead
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
	}
	if in.UpTo < 0 {
		return hearth.FieldErrors{"up_to": "error.api.type"}.Err()
	}
	if err := s.store.MarkNotificationsRead(r.Context(), in.UpTo); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiNotificationPrefs(w http.ResponseWriter, r *http.Request) error {
	prefs, err := s.store.NotificationPrefs(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, prefs)
}

func (s *Server) apiSetNotificationPrefs(w http.ResponseWriter, r *http.Request) error {
	var in map[string]bool
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.SetNotificationPrefs(r.Context(), in); err != nil {
		return err
	}
	return s.apiNotificationPrefs(w, r)
}
