package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"hearth"
)

// Bounds on a group's lists, which hearth.Group.Validate leaves to the
// store.
const (
	groupListMax  = 16 // languages, and tags, per group
	groupLabelMax = 35 // characters in one language tag or tag (BCP 47's practical maximum)
	// groupPageMax bounds one page of ListGroups, also when the filter
	// asks for no limit.
	groupPageMax = 500
)

const groupColumns = `g.id, g.slug, g.name, g.description, g.program, g.time_zone,
	g.visibility, g.join_policy, g.created_at, g.updated_at`

func groupDest(g *hearth.Group) []any {
	return []any{&g.ID, &g.Slug, &g.Name, &g.Description, &g.Program, &g.TimeZone,
		&g.Visibility, &g.JoinPolicy, scanTime(&g.CreatedAt), scanTime(&g.UpdatedAt)}
}

// groupLists are the tables that hold a group's lists, each kept in the
// order the group gave them. Later lists (meeting formats, say) go here.
var groupLists = []struct {
	table, column string
	field         func(*hearth.Group) *[]string
}{
	{"group_languages", "language", func(g *hearth.Group) *[]string { return &g.Languages }},
	{"group_tags", "tag", func(g *hearth.Group) *[]string { return &g.Tags }},
}

// CreateGroup stores g with owner as its first member and fills in its
// ID and times. Languages and tags are trimmed and kept once each, in
// order. ECONFLICT if the slug is taken, EINVALID, ENOTFOUND if the owner
// does not exist.
func (s *Store) CreateGroup(ctx context.Context, g *hearth.Group, owner int64) error {
	ng := *g
	ng.Name = strings.TrimSpace(ng.Name)
	f := hearth.FieldErrors{}
	for field, key := range hearth.ErrorFields(ng.Validate()) {
		f.Add(field, key)
	}
	ng.Languages = cleanList(ng.Languages, "languages", f)
	ng.Tags = cleanList(ng.Tags, "tags", f)
	if err := f.Err(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(t *tx) error {
		if err := accountExists(ctx, t, owner); err != nil {
			return err
		}
		ng.CreatedAt, ng.UpdatedAt = t.now, t.now
		if err := t.queryRow(ctx, `
			INSERT INTO groups (slug, name, description, program, time_zone,
			                    visibility, join_policy, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
			RETURNING id`,
			ng.Slug, ng.Name, ng.Description, ng.Program, ng.TimeZone,
			ng.Visibility, ng.JoinPolicy, t.now).Scan(&ng.ID); err != nil {
			if hearth.ErrorCode(err) == hearth.ECONFLICT {
				return &hearth.Error{Code: hearth.ECONFLICT, Message: "error.slug.taken",
					Fields: map[string]string{"slug": "error.slug.taken"}, Err: err}
			}
			return err
		}
		for _, l := range groupLists {
			for i, v := range *l.field(&ng) {
				if _, err := t.exec(ctx, `INSERT INTO `+l.table+` (group_id, `+l.column+`, position)
					VALUES ($1, $2, $3)`, ng.ID, v, i); err != nil {
					return err
				}
			}
		}
		return addGroupMember(ctx, t, ng.ID, owner, hearth.GroupOwner)
	})
	if err != nil {
		return err
	}
	*g = ng
	return nil
}

// cleanList trims the values, drops empty and repeated ones, and records
// in f when the list is too long or a value is.
func cleanList(in []string, field string, f hearth.FieldErrors) []string {
	out := make([]string, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, v := range in {
		v = strings.TrimSpace(v)
		if v == "" || seen[v] {
			continue
		}
		if utf8.RuneCountInString(v) > groupLabelMax || strings.ContainsAny(v, " \t\r\n") {
			f.Add(field, "error."+field+".invalid")
		}
		seen[v] = true
		out = append(out, v)
	}
	if len(out) > groupListMax {
		f.Add(field, "error."+field+".invalid")
	}
	return out
}

// FindGroupBySlug returns the group, or ENOTFOUND.
func (s *Store) FindGroupBySlug(ctx context.Context, slug string) (g *hearth.Group, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		var ng hearth.Group
		if err := t.queryRow(ctx, `SELECT `+groupColumns+` FROM groups g WHERE g.slug = $1`, slug).Scan(groupDest(&ng)...); err != nil {
			return err
		}
		g = &ng
		return attachGroupLists(ctx, t, []*hearth.Group{g})
	})
	return g, err
}

// ListGroups lists listed groups by name, filtered by program. A page
// holds at most 500 groups, also when f.Limit is zero.
func (s *Store) ListGroups(ctx context.Context, f hearth.GroupFilter) (list []*hearth.Group, err error) {
	where, args := []string{`g.visibility = $1`}, []any{hearth.GroupListed}
	if f.Program != "" {
		args = append(args, f.Program)
		where = append(where, `g.program = $2`)
	}
	limit := f.Limit
	if limit <= 0 || limit > groupPageMax {
		limit = groupPageMax
	}
	offset := max(f.Offset, 0)
	n := len(args)
	args = append(args, limit, offset)
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = findGroups(ctx, t, `SELECT `+groupColumns+` FROM groups g
			WHERE `+strings.Join(where, ` AND `)+`
			ORDER BY lower(g.name), g.id
			`+fmt.Sprintf(`LIMIT $%d OFFSET $%d`, n+1, n+2), args...)
		return err
	})
	return list, err
}

// MyGroups lists the groups an account belongs to, listed or not, by
// name.
func (s *Store) MyGroups(ctx context.Context, accountID int64) (list []*hearth.Group, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = findGroups(ctx, t, `SELECT `+groupColumns+` FROM groups g
			JOIN group_members m ON m.group_id = g.id
			WHERE m.account_id = $1
			ORDER BY lower(g.name), g.id`, accountID)
		return err
	})
	return list, err
}

// findGroups runs a query for groupColumns and attaches the groups' lists.
func findGroups(ctx context.Context, t *tx, query string, args ...any) ([]*hearth.Group, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*hearth.Group{}
	for rows.Next() {
		var g hearth.Group
		if err := rows.Scan(groupDest(&g)...); err != nil {
			return nil, t.err(err)
		}
		list = append(list, &g)
	}
	if err := rows.Err(); err != nil {
		return nil, t.err(err)
	}
	rows.Close()
	return list, attachGroupLists(ctx, t, list)
}

// attachGroupLists fills in the languages and tags of groups, one query
// per list for all of them.
func attachGroupLists(ctx context.Context, t *tx, groups []*hearth.Group) error {
	if len(groups) == 0 {
		return nil
	}
	byID := make(map[int64]*hearth.Group, len(groups))
	ids := make([]any, len(groups))
	for i, g := range groups {
		byID[g.ID] = g
		ids[i] = g.ID
	}
	for _, l := range groupLists {
		for _, g := range groups {
			*l.field(g) = []string{}
		}
		err := func() error {
			rows, err := t.query(ctx, `SELECT group_id, `+l.column+` FROM `+l.table+`
				WHERE group_id IN (`+placeholders(1, len(ids))+`)
				ORDER BY group_id, position`, ids...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var v string
				if err := rows.Scan(&id, &v); err != nil {
					return t.err(err)
				}
				field := l.field(byID[id])
				*field = append(*field, v)
			}
			return t.err(rows.Err())
		}()
		if err != nil {
			return err
		}
	}
	return nil
}

// AddGroupMember makes the account a member of the group with role; a
// member already is given the role. EINVALID for an unknown role, ENOTFOUND
// if the group or the account does not exist.
func (s *Store) AddGroupMember(ctx context.Context, groupID, accountID int64, role string) error {
	if !validGroupRole(role) {
		return hearth.FieldErrors{"role": "error.role.invalid"}.Err()
	}
	return s.inTx(ctx, func(t *tx) error {
		var one int
		if err := t.queryRow(ctx, `SELECT 1 FROM groups WHERE id = $1`, groupID).Scan(&one); err != nil {
			return err
		}
		if err := accountExists(ctx, t, accountID); err != nil {
			return err
		}
		return addGroupMember(ctx, t, groupID, accountID, role)
	})
}

func validGroupRole(r string) bool {
	return r == hearth.GroupMember || r == hearth.GroupServant || r == hearth.GroupOwner
}

// addGroupMember adds a membership or changes its role; the day the member
// joined stays.
func addGroupMember(ctx context.Context, t *tx, groupID, accountID int64, role string) error {
	_, err := t.exec(ctx, `
		INSERT INTO group_members (group_id, account_id, role, joined_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (group_id, account_id) DO UPDATE SET role = excluded.role`,
		groupID, accountID, role, t.now)
	return err
}
