package audit

// Actions lists every action Caseward records, by what it is about. A new
// action joins this list (a test finds every action the code records and
// checks it is here), so that search and the timeline's sentences know it.
var Actions = []string{
	"case.create", "case.update", "case.transition",
	"note.create",
	"chronology.create", "chronology.correct", "chronology.retract",
	"observable.create", "observable.merge", "observable.update", "observable.delete", "observable.export",
	"link.create", "link.delete",
	"alert.create", "alert.repeat", "alert.import", "alert.merge", "alert.ignore",
	"suspension.create", "suspension.update", "suspension.replan", "suspension.restore", "suspension.cancel",
	"suspension.update_posted",
	"milestone.create", "milestone.update", "milestone.replan", "milestone.reorder",
	"task.create", "task.update", "task.status", "task.check",
	"case.playbook", "playbook.create", "playbook.update", "playbook.retire",
	"review.create", "review.update", "review.complete", "review.reopen",
	"evidence.create", "evidence.update", "evidence.download", "evidence.verify", "evidence.integrity_failure",
	"evidence.file_removed",
	"custody.transferred", "custody.accessed", "custody.analysed", "custody.exported", "custody.returned",
	"custody.disposed", "custody.seal_legacy",
	"export.case", "export.audit",
	"service.create", "service.update",
	"department.create", "department.update",
	"view.create", "view.delete",
	"user.create", "user.update", "user.disable", "user.enable", "user.password_reset",
	"user.profile_update", "user.password_change", "user.second_factor_reset", "user.sso_create", "user.sso_update",
	"regime.create", "regime.update", "obligation.create", "obligation_phase.update",
	"mail.retry",
	"webhook.create", "webhook.update", "webhook.delete", "webhook.rotate_secret", "webhook.ping", "webhook.redeliver", "webhook.disable",
	"api_key.create", "api_key.revoke",
	"notify.follow", "notify.unfollow", "notify.preferences",
	"auth.login", "auth.login_failed", "auth.refresh_reused", "auth.logout", "auth.password_change_failed", "auth.session_end",
	"auth.second_factor_enrol", "auth.second_factor_failed", "auth.recovery_codes_renew", "auth.second_factor_remove",
	"auth.second_factor_remove_failed",
	"settings.sign_in_policy",
}
