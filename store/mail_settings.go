package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// MailSettings returns the team's email settings, the defaults when none were set.
func (s *Store) MailSettings(ctx context.Context) (gtg.MailSettings, error) {
	m := gtg.DefaultMailSettings()
	err := s.queryRow(ctx, s.db, `SELECT host, port, tls_mode, username, password, from_addr, cap_contact_week,
		cap_account_week, weekly_weekday, weekly_hour, updated_by, updated_at FROM mail_settings WHERE id = 1`).
		Scan(&m.SMTP.Host, &m.SMTP.Port, &m.SMTP.TLS, &m.SMTP.Username, &m.SMTP.Password, &m.SMTP.From,
			&m.Caps.PerContact, &m.Caps.PerAccount, &m.WeeklyWeekday, &m.WeeklyHour, &m.UpdatedBy, timeDest{&m.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("read mail settings: %w", err)
	}
	return m, nil
}

// PutMailSettings stores the team's email settings and audits the change
// without the password (only whether one is set).
func (s *Store) PutMailSettings(ctx context.Context, actor string, m *gtg.MailSettings) error {
	if m.SMTP.Host != "" {
		m.SMTP.Normalize()
	}
	if err := m.Validate(); err != nil {
		return err
	}
	old, err := s.MailSettings(ctx)
	if err != nil {
		return err
	}
	m.UpdatedBy, m.UpdatedAt = actor, s.now()
	return s.InTx(ctx, func(tx *Tx) error {
		_, err := s.exec(ctx, tx.tx, `INSERT INTO mail_settings (id, host, port, tls_mode, username, password, from_addr,
			cap_contact_week, cap_account_week, weekly_weekday, weekly_hour, updated_by, updated_at)
			VALUES (1,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port,
			tls_mode = excluded.tls_mode, username = excluded.username, password = excluded.password,
			from_addr = excluded.from_addr, cap_contact_week = excluded.cap_contact_week,
			cap_account_week = excluded.cap_account_week, weekly_weekday = excluded.weekly_weekday,
			weekly_hour = excluded.weekly_hour, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			m.SMTP.Host, m.SMTP.Port, m.SMTP.TLS, m.SMTP.Username, m.SMTP.Password, m.SMTP.From, m.Caps.PerContact,
			m.Caps.PerAccount, m.WeeklyWeekday, m.WeeklyHour, m.UpdatedBy, m.UpdatedAt)
		if err != nil {
			return fmt.Errorf("store mail settings: %w", err)
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "update", Entity: "mail_settings", EntityID: "smtp",
			Before: mailState(old), After: mailState(*m)})
	})
}

func mailState(m gtg.MailSettings) string {
	return fmt.Sprintf("%s; caps %d per contact, %d per account; weekly day %d hour %d", m.SMTP, m.Caps.PerContact,
		m.Caps.PerAccount, m.WeeklyWeekday, m.WeeklyHour)
}
