package store

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// SaveView stores a saved view, replacing the user's view of the same name
// on the same page, and fills its ID.
func (s *Store) SaveView(ctx context.Context, v *gtg.SavedView) error {
	v.Normalize()
	if err := v.Validate(); err != nil {
		return err
	}
	v.CreatedAt = s.now()
	err := s.queryRow(ctx, s.db, `INSERT INTO saved_views (user_id, page, name, query, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, page, name) DO UPDATE SET query = excluded.query, created_at = excluded.created_at RETURNING id`,
		v.UserID, v.Page, v.Name, v.Query, v.CreatedAt).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("save view %q: %w", v.Name, s.d.mapErr(err))
	}
	return nil
}

// SavedViews returns a user's saved views of a page, by name.
func (s *Store) SavedViews(ctx context.Context, userID int64, page string) ([]*gtg.SavedView, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, user_id, page, name, query, created_at FROM saved_views WHERE user_id = ? AND page = ? ORDER BY name`, userID, page)
	if err != nil {
		return nil, fmt.Errorf("saved views: %w", err)
	}
	defer rows.Close()
	var out []*gtg.SavedView
	for rows.Next() {
		var v gtg.SavedView
		if err := rows.Scan(&v.ID, &v.UserID, &v.Page, &v.Name, &v.Query, timeDest{&v.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, &v)
	}
	return out, rows.Err()
}

// DeleteView removes one of a user's saved views: ENOTFOUND when the user
// has no view with that id (another person's views are not theirs to delete).
func (s *Store) DeleteView(ctx context.Context, userID, id int64) error {
	res, err := s.exec(ctx, s.db, `DELETE FROM saved_views WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return fmt.Errorf("delete view %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "saved view %d not found", id)
	}
	return nil
}
