// Package save is the save workflow: risk profiles against an editable
// taxonomy, the triage queue, re-discovery calls, handoff forms, get-to-green
// plans started from playbooks and closed by exit criteria, playbook records,
// reason patterns and the daily standup.
//
// Every function takes the store it works on; functions that change anything
// also take the user doing it, check the user's role (a viewer changes
// nothing; "let it churn", the taxonomy, playbooks, questionnaires and
// standup reviews need a manager) and record the change in the audit log in
// the same transaction. The web app, the API and the command line call the
// same functions, so they share those rules.
//
// The taxonomy, the playbooks and the re-discovery questionnaire start from
// the YAML files in seeds/, written to the database the first time they are
// read and editable there afterwards.
package save
