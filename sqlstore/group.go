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
	if err := cleanGroup(&ng); err != nil {
		return err
	}
	err := s.inTx(ctx, func(t *tx) error {
		if err := accountExists(ctx, t, owner); err != nil {
			return err
		}
		if err := insertGroup(ctx, t, &ng); err != nil {
			return err
		}
		return addGroupMember(ctx, t, ng.ID, owner, hearth.GroupOwner)
	})
	if err != nil {
		return err
	}
	*g = ng
	return nil
}

// cleanGroup trims a group's name and lists and checks it, reporting every
// field at fault at once.
func cleanGroup(g *hearth.Group) error {
	g.Name = strings.TrimSpace(g.Name)
	f := hearth.FieldErrors{}
	for field, key := range hearth.ErrorFields(g.Validate()) {
		f.Add(field, key)
	}
	g.Languages = cleanList(g.Languages, "languages", f)
	g.Tags = cleanList(g.Tags, "tags", f)
	return f.Err()
}

// insertGroup stores a cleaned group and its lists, and fills in its ID
// and times. ECONFLICT if the slug is taken.
func insertGroup(ctx context.Context, t *tx, g *hearth.Group) error {
	g.CreatedAt, g.UpdatedAt = t.now, t.now
	if err := t.queryRow(ctx, `
		INSERT INTO groups (slug, name, description, program, time_zone,
		                    visibility, join_policy, search_text, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
		RETURNING id`,
		g.Slug, g.Name, g.Description, g.Program, g.TimeZone,
		g.Visibility, g.JoinPolicy, searchText(g.Name, g.Description), t.now).Scan(&g.ID); err != nil {
		return groupSlugTaken(err)
	}
	return insertGroupLists(ctx, t, g)
}

// groupSlugTaken says a conflict on a group's row in Hearth's words.
func groupSlugTaken(err error) error {
	if hearth.ErrorCode(err) == hearth.ECONFLICT {
		return &hearth.Error{Code: hearth.ECONFLICT, Message: "error.slug.taken",
			Fields: map[string]string{"slug": "error.slug.taken"}, Err: err}
	}
	return err
}

func insertGroupLists(ctx context.Context, t *tx, g *hearth.Group) error {
	for _, l := range groupLists {
		for i, v := range *l.field(g) {
			if _, err := t.exec(ctx, `INSERT INTO `+l.table+` (group_id, `+l.column+`, position)
				VALUES ($1, $2, $3)`, g.ID, v, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdateGroup changes the group's fields (all but its ID and creation
// time) and fills in the stored group. EUNAUTHORIZED for a visitor,
// EFORBIDDEN unless the actor serves the group, EINVALID, ECONFLICT if the
// new slug is taken, ENOTFOUND.
func (s *Store) UpdateGroup(ctx context.Context, g *hearth.Group) error {
	ng := *g
	if err := cleanGroup(&ng); err != nil {
		return err
	}
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	err := s.inTx(ctx, func(t *tx) error {
		role, err := groupRole(ctx, t, ng.ID, actor)
		if err != nil {
			return err
		}
		if !hearth.CanServe(role) {
			return forbidden()
		}
		if err := t.queryRow(ctx, `
			UPDATE groups SET slug = $1, name = $2, description = $3, program = $4, time_zone = $5,
			       visibility = $6, join_policy = $7, search_text = $8, updated_at = $9
			WHERE id = $10
			RETURNING created_at`,
			ng.Slug, ng.Name, ng.Description, ng.Program, ng.TimeZone, ng.Visibility, ng.JoinPolicy,
			searchText(ng.Name, ng.Description), t.now, ng.ID).Scan(scanTime(&ng.CreatedAt)); err != nil {
			return groupSlugTaken(err)
		}
		ng.UpdatedAt = t.now
		for _, l := range groupLists {
			if _, err := t.exec(ctx, `DELETE FROM `+l.table+` WHERE group_id = $1`, ng.ID); err != nil {
				return err
			}
		}
		if err := insertGroupLists(ctx, t, &ng); err != nil {
			return err
		}
		// The group's name is among its meetings' words.
		return refreshMeetingSearch(ctx, t, `m.group_id = $1`, ng.ID)
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

// ListGroups lists listed groups by name (never an unlisted one),
// filtered by program, language, tag and free text over name and
// description (every word typed must begin a word of the group's). A
// page holds at most 500 groups, also when f.Limit is zero.
func (s *Store) ListGroups(ctx context.Context, f hearth.GroupFilter) (list []*hearth.Group, err error) {
	var w where
	w.add(`g.visibility = $%d`, hearth.GroupListed)
	if f.Program != "" {
		w.add(`g.program = $%d`, f.Program)
	}
	if f.Language != "" {
		w.add(`EXISTS (SELECT 1 FROM group_languages l WHERE l.group_id = g.id AND l.language = $%d)`, f.Language)
	}
	if f.Tag != "" {
		w.add(`EXISTS (SELECT 1 FROM group_tags x WHERE x.group_id = g.id AND x.tag = $%d)`, f.Tag)
	}
	for _, word := range queryWords(f.Query) {
		w.add(`(' ' || g.search_text) LIKE $%d`, "% "+word+"%")
	}
	limit := f.Limit
	if limit <= 0 || limit > groupPageMax {
		limit = groupPageMax
	}
	n := len(w.args)
	args := append(w.args, limit, max(f.Offset, 0))
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = findGroups(ctx, t, `SELECT `+groupColumns+` FROM groups g
			WHERE `+w.String()+`
			ORDER BY lower(g.name), g.id
			`+fmt.Sprintf(`LIMIT $%d OFFSET $%d`, n+1, n+2), args...)
		return err
	})
	return list, err
}

// where gathers the conditions of a query and their arguments.
type where struct {
	conds []string
	args  []any
}

// add appends a condition whose one placeholder is written $%d, with its
// argument.
func (w *where) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, fmt.Sprintf(cond, len(w.args)))
}

// addRaw appends a condition already numbered, with its arguments; an
// empty condition adds only the arguments (those of a FROM clause).
func (w *where) addRaw(cond string, args ...any) {
	w.args = append(w.args, args...)
	if cond != "" {
		w.conds = append(w.conds, cond)
	}
}

// next is the number of the next placeholder.
func (w *where) next() int { return len(w.args) + 1 }

func (w *where) String() string {
	if len(w.conds) == 0 {
		return `TRUE`
	}
	return strings.Join(w.conds, ` AND `)
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
