package web

import "net/http"

// access says who may call a route.
type access int

const (
	anyone  access = iota // visitors included
	visitor               // only when signed out (sign-in, sign-up); members are sent home
	member                // a signed-in member
	admin                 // a site admin
)

// handlerFunc is a handler that returns its error to one adapter.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

type route struct {
	method  string
	pattern string
	access  access
	name    string // metric label: never recovery content
	h       handlerFunc
}

// routeTable is every route Hearth serves, readable as a table. The API
// routes (under /api/v1) are held against openapi.json by a test.
func (s *Server) routeTable() []route {
	return []route{
		// Pages anyone may see.
		{"GET", "/{$}", anyone, "home", s.home},
		{"GET", "/help", anyone, "help", s.help},
		{"GET", "/guidelines", anyone, "guidelines", s.guidelines},
		{"POST", "/language", anyone, "language", s.setLanguage},

		// Accounts.
		{"GET", "/signup", visitor, "signup", s.signUpPage},
		{"POST", "/signup", visitor, "signup", s.signUp},
		{"GET", "/welcome", member, "welcome", s.welcomePage},
		{"POST", "/welcome", member, "welcome", s.welcomeDone},
		{"GET", "/signin", visitor, "signin", s.signInPage},
		{"POST", "/signin", visitor, "signin", s.signIn},
		{"POST", "/signout", member, "signout", s.signOut},
		{"GET", "/recover", visitor, "recover", s.recoverPage},
		{"POST", "/recover", visitor, "recover", s.recoverAccount},

		// Settings.
		{"GET", "/settings", member, "settings", s.profilePage},
		{"POST", "/settings", member, "settings", s.updateProfile},
		{"GET", "/settings/password", member, "password", s.passwordPage},
		{"POST", "/settings/password", member, "password", s.changePassword},
		{"GET", "/settings/recovery-codes", member, "codes", s.recoveryCodesPage},
		{"POST", "/settings/recovery-codes", member, "codes", s.newRecoveryCodes},
		{"GET", "/settings/sessions", member, "sessions", s.sessionsPage},
		{"POST", "/settings/sessions/{id}/end", member, "sessions", s.endSession},
		{"POST", "/settings/sessions/end-all", member, "sessions", s.endAllSessions},
		{"GET", "/settings/tokens", member, "tokens", s.tokensPage},
		{"POST", "/settings/tokens", member, "tokens", s.createToken},
		{"POST", "/settings/tokens/{id}/revoke", member, "tokens", s.revokeToken},
		{"GET", "/settings/export", member, "export", s.exportPage},
		{"GET", "/settings/export.json", member, "export", s.exportJSON},
		{"GET", "/settings/delete", member, "delete", s.deletePage},
		{"POST", "/settings/delete", member, "delete", s.deleteAccount},

		// Meetings and the finder.
		{"GET", "/meetings", anyone, "finder", s.finder},
		{"GET", "/meetings/{slug}", anyone, "meeting", s.meetingPage},
		{"GET", "/meetings/{slug}/calendar.ics", anyone, "meeting_calendar", s.meetingCalendar},
		{"GET", "/meetings/{slug}/edit", member, "meeting_edit", s.editMeetingPage},
		{"POST", "/meetings/{slug}/edit", member, "meeting_edit", s.updateMeeting},
		{"GET", "/meetings/{slug}/delete", member, "meeting_delete", s.deleteMeetingPage},
		{"POST", "/meetings/{slug}/delete", member, "meeting_delete", s.deleteMeeting},
		{"POST", "/meetings/{slug}/follow", member, "meeting_follow", s.followMeeting},
		{"POST", "/meetings/{slug}/unfollow", member, "meeting_follow", s.unfollowMeeting},
		{"GET", "/my-meetings", member, "my_meetings", s.myMeetingsPage},
		{"POST", "/my-meetings/calendar", member, "my_calendar", s.newCalendarToken},
		{"POST", "/my-meetings/calendar/revoke", member, "my_calendar", s.revokeCalendarToken},
		{"GET", "/calendar/{file}", anyone, "private_calendar", s.myCalendar},
		{"GET", "/meetings.json", anyone, "feed", s.feed},

		// A member's recovery. Route names say nothing of it: they are
		// metric labels.
		{"GET", "/recovery", member, "personal", s.recoveryPage},
		{"GET", "/recovery/clocks/new", member, "personal_new", s.newClockPage},
		{"POST", "/recovery/clocks", member, "personal_new", s.createClock},
		{"GET", "/recovery/clocks/{id}", member, "personal_item", s.clockPage},
		{"GET", "/recovery/clocks/{id}/edit", member, "personal_edit", s.editClockPage},
		{"POST", "/recovery/clocks/{id}/edit", member, "personal_edit", s.updateClock},
		{"GET", "/recovery/clocks/{id}/delete", member, "personal_delete", s.deleteClockPage},
		{"POST", "/recovery/clocks/{id}/delete", member, "personal_delete", s.deleteClock},
		{"GET", "/recovery/clocks/{id}/setback", member, "personal_reset", s.setbackPage},
		{"POST", "/recovery/clocks/{id}/setback", member, "personal_reset", s.recordSetback},
		{"POST", "/recovery/clocks/{id}/setbacks/{setback}/undo", member, "personal_undo", s.undoSetback},
		{"GET", "/recovery/partners", member, "personal_people", s.partnersPage},
		{"POST", "/recovery/partners", member, "personal_people", s.invitePartner},
		{"POST", "/recovery/partners/{id}/answer", member, "personal_people", s.answerInvitation},
		{"GET", "/recovery/partners/{id}", member, "personal_person", s.partnerPage},
		{"POST", "/recovery/partners/{id}/sharing", member, "personal_person", s.setSharing},
		{"POST", "/recovery/partners/{id}/nudge", member, "personal_nudge", s.nudgePartner},
		{"GET", "/recovery/partners/{id}/end", member, "personal_person_end", s.endPartnerPage},
		{"POST", "/recovery/partners/{id}/end", member, "personal_person_end", s.endPartner},

		// Private messages and "I need support now".
		{"GET", "/settings/quiet", member, "settings_quiet", s.quietPage},
		{"POST", "/settings/quiet", member, "settings_quiet", s.setMutedWords},
		{"POST", "/settings/quiet/unblock", member, "settings_unblock", s.unblock},
		{"GET", "/messages", member, "messages", s.messagesPage},
		{"POST", "/messages", member, "messages", s.startConversation},
		{"POST", "/messages/settings", member, "messages_settings", s.setMessagePrefs},
		{"GET", "/messages/{id}", member, "conversation", s.conversationPage},
		{"POST", "/messages/{id}", member, "conversation", s.sendMessage},
		{"GET", "/messages/{id}/erase", member, "conversation_erase", s.eraseConversationPage},
		{"POST", "/messages/{id}/erase", member, "conversation_erase", s.eraseConversation},
		{"GET", "/messages/{id}/report/{message}", member, "conversation_report", s.reportMessagePage},
		{"POST", "/messages/{id}/report/{message}", member, "conversation_report", s.reportMessage},
		{"GET", "/support", member, "support", s.supportPage},
		{"POST", "/support", member, "support", s.sendSupport},
		{"POST", "/support/plan", member, "support_plan", s.setSupportPlan},
		{"GET", "/support/sent/{id}", member, "support_sent", s.supportSentPage},
		{"GET", "/support/received/{id}", member, "support_received", s.supportReceivedPage},
		{"POST", "/support/received/{id}/answer", member, "support_answer", s.answerSupport},
		{"POST", "/recovery/congratulate", member, "personal_cheer", s.congratulate},
		{"GET", "/recovery/journal", member, "personal_notes", s.journalPage},
		{"GET", "/recovery/journal/new", member, "personal_notes_new", s.newEntryPage},
		{"POST", "/recovery/journal", member, "personal_notes_new", s.createEntry},
		{"GET", "/recovery/journal/{id}", member, "personal_note", s.entryPage},
		{"GET", "/recovery/journal/{id}/edit", member, "personal_note_edit", s.editEntryPage},
		{"POST", "/recovery/journal/{id}/edit", member, "personal_note_edit", s.updateEntry},
		{"GET", "/recovery/journal/{id}/delete", member, "personal_note_delete", s.deleteEntryPage},
		{"POST", "/recovery/journal/{id}/delete", member, "personal_note_delete", s.deleteEntry},

		// Step work: programs, worksheets, print, and sharing item by item.
		{"GET", "/recovery/steps", member, "work", s.stepsPage},
		{"POST", "/recovery/steps", member, "work", s.chooseProgram},
		{"GET", "/recovery/steps/sharing", member, "work_sharing", s.sharingPage},
		{"POST", "/recovery/steps/sharing", member, "work_sharing", s.shareStepWork},
		{"POST", "/recovery/steps/sharing/{id}/revoke", member, "work_sharing", s.revokeShare},
		{"GET", "/recovery/steps/shared/{id}", member, "work_shared", s.sharedPage},
		{"POST", "/recovery/steps/shared/{id}", member, "work_shared", s.commentOnShared},
		{"GET", "/recovery/steps/entry/{id}", member, "work_row", s.stepEntryPage},
		{"POST", "/recovery/steps/entry/{id}", member, "work_row", s.updateStepEntry},
		{"POST", "/recovery/steps/entry/{id}/move", member, "work_row", s.moveStepEntry},
		{"POST", "/recovery/steps/entry/{id}/delete", member, "work_row", s.deleteStepEntry},
		{"GET", "/recovery/programs/{program}", member, "work_program", s.stepsProgramPage},
		{"GET", "/recovery/programs/{program}/step/{step}", member, "work_item", s.stepPage},
		{"POST", "/recovery/programs/{program}/step/{step}", member, "work_item", s.saveStep},
		{"GET", "/recovery/programs/{program}/sheet/{sheet}", member, "work_sheet", s.sheetPage},
		{"POST", "/recovery/programs/{program}/sheet/{sheet}", member, "work_sheet", s.addSheetEntry},
		{"GET", "/recovery/programs/{program}/sheet/{sheet}/print", member, "work_print", s.printSheet},
		{"GET", "/check-in", member, "daily", s.checkInPage},
		{"POST", "/check-in", member, "daily", s.saveCheckIn},
		{"GET", "/recovery/trends", member, "personal_trends", s.trendsPage},
		// Sponsorship (route names say "guide": they are metric labels).
		{"GET", "/recovery/sponsors", member, "guide_find", s.sponsorFindPage},
		{"GET", "/recovery/sponsors/offer", member, "guide_offer", s.sponsorOfferPage},
		{"POST", "/recovery/sponsors/offer", member, "guide_offer", s.saveSponsorOffer},
		{"POST", "/recovery/sponsors/offer/pause", member, "guide_pause", s.pauseSponsorOffer},
		{"GET", "/recovery/sponsors/{id}/ask", member, "guide_ask", s.sponsorAskPage},
		{"POST", "/recovery/sponsors/{id}/ask", member, "guide_ask", s.sponsorAsk},
		{"GET", "/recovery/sponsorships", member, "guides", s.sponsorshipsPage},
		{"GET", "/recovery/sponsorships/{id}", member, "guide", s.sponsorshipPage},
		{"POST", "/recovery/sponsorships/{id}/answer", member, "guide_answer", s.answerSponsorship},
		{"POST", "/recovery/sponsorships/{id}/cadence", member, "guide_cadence", s.setSponsorCadence},
		{"POST", "/recovery/sponsorships/{id}/check-ins", member, "guide_checkin", s.logSponsorCheckIn},
		{"GET", "/recovery/sponsorships/{id}/end", member, "guide_end", s.endSponsorshipPage},
		{"POST", "/recovery/sponsorships/{id}/end", member, "guide_end", s.endSponsorship},

		// Groups.
		{"GET", "/groups", anyone, "groups", s.groupsPage},
		{"GET", "/groups/new", member, "group_new", s.newGroupPage},
		{"POST", "/groups", member, "group_new", s.createGroup},
		{"GET", "/groups/{slug}", anyone, "group", s.groupPage},
		{"GET", "/groups/{slug}/edit", member, "group_edit", s.editGroupPage},
		{"POST", "/groups/{slug}/edit", member, "group_edit", s.updateGroup},
		{"POST", "/groups/{slug}/join", member, "group_join", s.joinGroup},
		{"POST", "/groups/{slug}/leave", member, "group_leave", s.leaveGroup},
		{"GET", "/groups/{slug}/members", member, "group_members", s.groupMembersPage},
		{"POST", "/groups/{slug}/requests/{account}", member, "group_requests", s.decideRequest},
		{"POST", "/groups/{slug}/members/{account}/role", member, "group_roles", s.setGroupRole},
		{"GET", "/groups/{slug}/meetings/new", member, "meeting_new", s.newMeetingPage},
		{"POST", "/groups/{slug}/meetings", member, "meeting_new", s.createMeeting},
		{"GET", "/groups/{slug}/calendar.ics", anyone, "group_calendar", s.groupCalendar},
		{"GET", "/groups/{slug}/meetings.json", anyone, "group_feed", s.groupFeed},

		// Shares in a group, and their moderation.
		{"POST", "/groups/{slug}/shares", member, "post_new", s.createShare},
		{"GET", "/groups/{slug}/shares/{id}", member, "post", s.sharePage},
		{"GET", "/groups/{slug}/shares/{id}/fragment", member, "post_fragment", s.shareFragment},
		{"POST", "/groups/{slug}/shares/{id}/replies", member, "post_reply", s.createReply},
		{"GET", "/groups/{slug}/shares/{id}/history", member, "post_history", s.shareHistoryPage},
		{"GET", "/groups/{slug}/shares/{id}/edit", member, "post_edit", s.shareEditPage},
		{"POST", "/groups/{slug}/shares/{id}/edit", member, "post_edit", s.updateShare},
		{"POST", "/groups/{slug}/shares/{id}/delete", member, "post_delete", s.deleteShare},
		{"POST", "/groups/{slug}/shares/{id}/react", member, "post_react", s.reactToShare},
		{"GET", "/groups/{slug}/shares/{id}/report", member, "post_report", s.reportPage},
		{"POST", "/groups/{slug}/shares/{id}/report", member, "post_report", s.fileReport},
		{"POST", "/groups/{slug}/shares/{id}/block", member, "post_block", s.blockAuthor},
		{"POST", "/groups/{slug}/shares/{id}/moderate", member, "post_moderate", s.moderateShare},
		{"GET", "/groups/{slug}/moderation", member, "group_queue", s.moderationPage},
		{"POST", "/groups/{slug}/moderation/reports/{id}/dismiss", member, "group_queue", s.dismissReport},
		{"POST", "/groups/{slug}/moderation/settings", member, "group_queue", s.setPremoderation},
		{"POST", "/groups/{slug}/members/{account}/suspend", member, "group_suspend", s.suspendMember},
		{"GET", "/groups/{slug}/members/{account}/report", member, "member_report", s.memberReportPage},
		{"POST", "/groups/{slug}/members/{account}/report", member, "member_report", s.reportMember},
		{"GET", "/admin/reports", admin, "admin_queue", s.siteReportsPage},
		{"POST", "/admin/reports/{id}/dismiss", admin, "admin_queue", s.dismissReport},
		{"GET", "/admin/reports/messages/{id}", admin, "admin_queue_item", s.messageReportPage},
		{"POST", "/admin/reports/messages/{id}/open", admin, "admin_queue_item", s.openMessageReport},
		{"POST", "/admin/reports/messages/{id}/handle", admin, "admin_queue_item", s.handleMessageReport},
		// The library of strategies (collective wisdom). Route names say
		// "library" only: they are metric labels.
		{"GET", "/wisdom", member, "library", s.wisdomPage},
		{"GET", "/wisdom/new", member, "library_new", s.newStrategyPage},
		{"POST", "/wisdom", member, "library_new", s.createStrategy},
		{"GET", "/wisdom/{id}", member, "library_item", s.strategyPage},
		{"GET", "/wisdom/{id}/edit", member, "library_edit", s.editStrategyPage},
		{"POST", "/wisdom/{id}/edit", member, "library_edit", s.updateStrategy},
		{"GET", "/wisdom/{id}/delete", member, "library_delete", s.deleteStrategyPage},
		{"POST", "/wisdom/{id}/delete", member, "library_delete", s.deleteStrategy},
		{"POST", "/wisdom/{id}/helped", member, "library_mark", s.markStrategy},
		{"POST", "/wisdom/{id}/moderate", admin, "library_moderate", s.moderateStrategy},
		{"GET", "/wisdom/{id}/report", member, "library_report", s.strategyReportPage},
		{"POST", "/wisdom/{id}/report", member, "library_report", s.reportStrategy},

		// Site administration.
		{"GET", "/admin/import", admin, "admin_import", s.importPage},
		{"POST", "/admin/import", admin, "admin_import", s.importFeed},

		// JSON API.
		{"GET", "/api/v1/openapi.json", anyone, "api_openapi", s.apiOpenAPI},
		{"GET", "/api/v1/me", member, "api_me", s.apiMe},
		{"GET", "/api/v1/me/export", member, "api_export", s.apiExport},
		{"GET", "/api/v1/me/clocks", member, "api_personal", s.apiClocks},
		{"POST", "/api/v1/me/clocks", member, "api_personal", s.apiCreateClock},
		{"GET", "/api/v1/me/clocks/{id}", member, "api_personal_item", s.apiGetClock},
		{"PATCH", "/api/v1/me/clocks/{id}", member, "api_personal_item", s.apiUpdateClock},
		{"DELETE", "/api/v1/me/clocks/{id}", member, "api_personal_item", s.apiDeleteClock},
		{"POST", "/api/v1/me/clocks/{id}/setbacks", member, "api_personal_reset", s.apiRecordSetback},
		{"DELETE", "/api/v1/me/clocks/{id}/setbacks/{setback}", member, "api_personal_reset", s.apiUndoSetback},
		{"GET", "/api/v1/me/check-ins", member, "api_daily", s.apiCheckIns},
		{"GET", "/api/v1/me/check-ins/{date}", member, "api_daily", s.apiGetCheckIn},
		{"PUT", "/api/v1/me/check-ins/{date}", member, "api_daily", s.apiPutCheckIn},
		{"GET", "/api/v1/me/celebrations", member, "api_cheer", s.apiCelebrations},
		{"POST", "/api/v1/me/congratulations", member, "api_cheer", s.apiCongratulate},
		{"GET", "/api/v1/me/journal", member, "api_notes", s.apiEntries},
		{"POST", "/api/v1/me/journal", member, "api_notes", s.apiCreateEntry},
		{"GET", "/api/v1/me/journal/{id}", member, "api_note", s.apiGetEntry},
		{"PATCH", "/api/v1/me/journal/{id}", member, "api_note", s.apiUpdateEntry},
		{"DELETE", "/api/v1/me/journal/{id}", member, "api_note", s.apiDeleteEntry},
		{"GET", "/api/v1/me/conversations", member, "api_conversations", s.apiConversations},
		{"POST", "/api/v1/me/conversations", member, "api_conversations", s.apiStartConversation},
		{"GET", "/api/v1/me/conversations/{id}", member, "api_conversation", s.apiGetConversation},
		{"DELETE", "/api/v1/me/conversations/{id}", member, "api_conversation", s.apiEraseConversation},
		{"POST", "/api/v1/me/conversations/{id}/messages", member, "api_conversation_send", s.apiSendMessage},
		{"POST", "/api/v1/me/conversations/{id}/read", member, "api_conversation_read", s.apiReadConversation},
		{"GET", "/api/v1/me/message-prefs", member, "api_message_prefs", s.apiMessagePrefs},
		{"PUT", "/api/v1/me/message-prefs", member, "api_message_prefs", s.apiSetMessagePrefs},
		{"GET", "/api/v1/me/reach-out-plan", member, "api_support_plan", s.apiReachOutPlan},
		{"PUT", "/api/v1/me/reach-out-plan", member, "api_support_plan", s.apiSetReachOutPlan},
		{"GET", "/api/v1/me/reach-outs", member, "api_support", s.apiListReachOuts},
		{"POST", "/api/v1/me/reach-outs", member, "api_support", s.apiSendReachOut},
		{"GET", "/api/v1/me/reach-outs/{id}", member, "api_support_received", s.apiGetReachOut},
		{"POST", "/api/v1/me/reach-outs/{id}/answer", member, "api_support_answer", s.apiAnswerReachOut},
		{"GET", "/api/v1/me/trends", member, "api_trends", s.apiTrends},
		// Step work.
		{"GET", "/api/v1/programs", anyone, "api_work_programs", s.apiPrograms},
		{"GET", "/api/v1/me/steps", member, "api_work", s.apiMySteps},
		{"POST", "/api/v1/me/steps", member, "api_work", s.apiChooseProgram},
		{"PUT", "/api/v1/me/steps/{program}/progress/{step}", member, "api_work_item", s.apiSetProgress},
		{"GET", "/api/v1/me/steps/{program}/sheets/{sheet}", member, "api_work_sheet", s.apiSheetEntries},
		{"POST", "/api/v1/me/steps/{program}/sheets/{sheet}", member, "api_work_sheet", s.apiCreateSheetEntry},
		{"GET", "/api/v1/me/step-entries/{id}", member, "api_work_row", s.apiGetStepEntry},
		{"PATCH", "/api/v1/me/step-entries/{id}", member, "api_work_row", s.apiUpdateStepEntry},
		{"DELETE", "/api/v1/me/step-entries/{id}", member, "api_work_row", s.apiDeleteStepEntry},
		{"GET", "/api/v1/me/step-shares", member, "api_work_sharing", s.apiStepShares},
		{"POST", "/api/v1/me/step-shares", member, "api_work_sharing", s.apiShareStepWork},
		{"DELETE", "/api/v1/me/step-shares/{id}", member, "api_work_sharing", s.apiRevokeStepShare},
		{"GET", "/api/v1/step-shares/{id}", member, "api_work_shared", s.apiSharedStepWork},
		{"POST", "/api/v1/step-shares/{id}/comments", member, "api_work_shared", s.apiCommentOnShared},
		{"GET", "/api/v1/me/partners", member, "api_people", s.apiPartners},
		{"POST", "/api/v1/me/partners", member, "api_people", s.apiInvitePartner},
		{"GET", "/api/v1/me/partners/{id}", member, "api_person", s.apiGetPartner},
		{"DELETE", "/api/v1/me/partners/{id}", member, "api_person", s.apiEndPartner},
		{"POST", "/api/v1/me/partners/{id}/answer", member, "api_person", s.apiAnswerPartner},
		{"PUT", "/api/v1/me/partners/{id}/sharing", member, "api_person", s.apiSetSharing},
		{"POST", "/api/v1/me/partners/{id}/nudge", member, "api_person", s.apiNudge},
		{"GET", "/api/v1/groups/{slug}/shares", member, "api_posts", s.apiGroupShares},
		{"POST", "/api/v1/groups/{slug}/shares", member, "api_posts", s.apiCreateShare},
		{"GET", "/api/v1/shares/{id}", member, "api_post", s.apiGetShare},
		{"PATCH", "/api/v1/shares/{id}", member, "api_post", s.apiUpdateShare},
		{"DELETE", "/api/v1/shares/{id}", member, "api_post", s.apiDeleteShare},
		{"GET", "/api/v1/shares/{id}/history", member, "api_post_history", s.apiShareHistory},
		{"GET", "/api/v1/shares/{id}/replies", member, "api_post_replies", s.apiReplies},
		{"POST", "/api/v1/shares/{id}/replies", member, "api_post_replies", s.apiCreateReply},
		{"PUT", "/api/v1/shares/{id}/reactions/{kind}", member, "api_post_react", s.apiReact},
		{"DELETE", "/api/v1/shares/{id}/reactions/{kind}", member, "api_post_react", s.apiReact},
		{"POST", "/api/v1/reports", member, "api_reports", s.apiFileReport},
		{"GET", "/api/v1/me/message-reports", member, "api_message_reports", s.apiMyMessageReports},
		{"POST", "/api/v1/me/message-reports", member, "api_message_reports", s.apiReportMessage},
		{"GET", "/api/v1/admin/message-reports", admin, "api_admin_reports", s.apiMessageReports},
		{"GET", "/api/v1/admin/message-reports/{id}", admin, "api_admin_report", s.apiMessageReport},
		{"POST", "/api/v1/admin/message-reports/{id}/open", admin, "api_admin_report", s.apiOpenMessageReport},
		{"POST", "/api/v1/admin/message-reports/{id}/handle", admin, "api_admin_report", s.apiHandleMessageReport},
		{"GET", "/api/v1/strategies", member, "api_library", s.apiStrategies},
		{"POST", "/api/v1/strategies", member, "api_library", s.apiCreateStrategy},
		{"GET", "/api/v1/strategies/{id}", member, "api_library_item", s.apiGetStrategy},
		{"PATCH", "/api/v1/strategies/{id}", member, "api_library_item", s.apiUpdateStrategy},
		{"DELETE", "/api/v1/strategies/{id}", member, "api_library_item", s.apiDeleteStrategy},
		{"PUT", "/api/v1/strategies/{id}/helped", member, "api_library_mark", s.apiMarkStrategy},
		{"DELETE", "/api/v1/strategies/{id}/helped", member, "api_library_mark", s.apiMarkStrategy},
		{"GET", "/api/v1/me/sponsor-profile", member, "api_guide_offer", s.apiSponsorProfile},
		{"PUT", "/api/v1/me/sponsor-profile", member, "api_guide_offer", s.apiSaveSponsorProfile},
		{"PUT", "/api/v1/me/sponsor-profile/paused", member, "api_guide_offer", s.apiPauseSponsoring},
		{"GET", "/api/v1/me/sponsor-matches", member, "api_guide_find", s.apiFindSponsors},
		{"GET", "/api/v1/me/sponsorships", member, "api_guides", s.apiSponsorships},
		{"POST", "/api/v1/me/sponsorships", member, "api_guides", s.apiRequestSponsor},
		{"GET", "/api/v1/me/sponsorships/{id}", member, "api_guide", s.apiGetSponsorship},
		{"POST", "/api/v1/me/sponsorships/{id}/answer", member, "api_guide", s.apiAnswerSponsorship},
		{"PUT", "/api/v1/me/sponsorships/{id}/cadence", member, "api_guide", s.apiSetCadence},
		{"POST", "/api/v1/me/sponsorships/{id}/check-ins", member, "api_guide", s.apiLogSponsorCheckIn},
		{"POST", "/api/v1/me/sponsorships/{id}/end", member, "api_guide", s.apiEndSponsorship},
		{"GET", "/api/v1/meetings", anyone, "api_meetings", s.apiFindMeetings},
		{"GET", "/api/v1/meetings/{slug}", anyone, "api_meeting", s.apiGetMeeting},

		// Live events and notifications.
		{"GET", "/events", member, "live", s.liveEvents},
		{"GET", "/notifications", member, "notifications", s.notificationsPage},
		{"POST", "/notifications/read", member, "notifications_read", s.markNotificationsRead},
		{"GET", "/settings/notifications", member, "notification_prefs", s.notificationPrefsPage},
		{"POST", "/settings/notifications", member, "notification_prefs", s.setNotificationPrefs},
		{"GET", "/api/v1/notifications", member, "api_notifications", s.apiNotifications},
		{"POST", "/api/v1/notifications/read", member, "api_notifications_read", s.apiMarkNotificationsRead},
		{"GET", "/api/v1/notifications/prefs", member, "api_notification_prefs", s.apiNotificationPrefs},
		{"PUT", "/api/v1/notifications/prefs", member, "api_notification_prefs", s.apiSetNotificationPrefs},

		// Operations.
		{"GET", "/healthz", anyone, "healthz", s.healthz},
		{"GET", "/readyz", anyone, "readyz", s.readyz},
		{"GET", "/manifest.webmanifest", anyone, "manifest", s.webManifest},
		{"GET", "/offline", anyone, "offline", s.offlinePage},
		{"GET", "/sw.js", anyone, "service_worker", s.serviceWorker},
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.Handle(rt.method+" "+rt.pattern, s.endpoint(rt))
	}
	mux.Handle("GET /static/", s.static)
	if !s.cfg.MetricsElsewhere {
		mux.Handle("GET /metrics", s.MetricsHandler())
	}
	mux.Handle("/", s.endpoint(route{name: "not_found", access: anyone, h: s.notFound}))
	return s.middleware(mux)
}
