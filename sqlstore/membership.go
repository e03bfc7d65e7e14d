package sqlstore

import (
	"context"

	"hearth"
)

// Compile-time check that Store keeps memberships.
var _ hearth.MembershipService = (*Store)(nil)

func unauthorized() error { return hearth.Errorf(hearth.EUNAUTHORIZED, "error.signin_needed") }

func forbidden() error { return hearth.Errorf(hearth.EFORBIDDEN, "error.forbidden") }

// groupRole returns the account's role in the group, or "" when it is not
// a member (a pending request is no membership); ENOTFOUND when there is
// no such group. Every authorization decision about a group starts here,
// inside the transaction that acts on it.
func groupRole(ctx context.Context, t *tx, groupID, accountID int64) (string, error) {
	var role string
	err := t.queryRow(ctx, `
		SELECT COALESCE((SELECT role FROM group_members WHERE group_id = g.id AND account_id = $2), '')
		FROM groups g WHERE g.id = $1`, groupID, accountID).Scan(&role)
	return role, err
}

// Membership returns the actor's membership of the group, or their
// request to join it (Pending); ENOTFOUND when they have neither, or are a
// visitor.
func (s *Store) Membership(ctx context.Context, groupID int64) (m *hearth.Membership, err error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return nil, notFound()
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		m, err = findMembership(ctx, t, groupID, actor)
		return err
	})
	return m, err
}

// findMembership reads a membership, or else a request to join.
func findMembership(ctx context.Context, t *tx, groupID, accountID int64) (*hearth.Membership, error) {
	m := &hearth.Membership{GroupID: groupID, AccountID: accountID}
	err := t.queryRow(ctx, `
		SELECT role, joined_at, FALSE, suspended FROM group_members WHERE group_id = $1 AND account_id = $2
		UNION ALL
		SELECT 'member', requested_at, TRUE, FALSE FROM group_requests WHERE group_id = $1 AND account_id = $2`,
		groupID, accountID).Scan(&m.Role, scanTime(&m.JoinedAt), &m.Pending, &m.Suspended)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// JoinGroup makes the actor a member of an open group, or records their
// request to join a group that approves its members; a member or a
// request already there is returned as it is. EUNAUTHORIZED for a
// visitor; ENOTFOUND for no such group.
func (s *Store) JoinGroup(ctx context.Context, groupID int64) (m *hearth.Membership, err error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return nil, unauthorized()
	}
	err = s.inTx(ctx, func(t *tx) error {
		var policy string
		if err := t.queryRow(ctx, `SELECT join_policy FROM groups WHERE id = $1`, groupID).Scan(&policy); err != nil {
			return err
		}
		if m, err = findMembership(ctx, t, groupID, actor); hearth.ErrorCode(err) != hearth.ENOTFOUND {
			return err
		}
		if policy == hearth.JoinOpen {
			err = addGroupMember(ctx, t, groupID, actor, hearth.GroupMember)
		} else {
			_, err = t.exec(ctx, `INSERT INTO group_requests (group_id, account_id, requested_at)
				VALUES ($1, $2, $3)`, groupID, actor, t.now)
		}
		if err != nil {
			return err
		}
		m = &hearth.Membership{GroupID: groupID, AccountID: actor, Role: hearth.GroupMember,
			Pending: policy != hearth.JoinOpen, JoinedAt: t.now}
		return nil
	})
	return m, err
}

// LeaveGroup ends the actor's membership or withdraws their request. The
// last owner cannot leave: ECONFLICT (they pass ownership on first).
// EUNAUTHORIZED for a visitor; ENOTFOUND when there is nothing to end.
func (s *Store) LeaveGroup(ctx context.Context, groupID int64) error {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		m, err := findMembership(ctx, t, groupID, actor)
		if err != nil {
			return err
		}
		if m.Pending {
			return t.execOne(ctx, `DELETE FROM group_requests WHERE group_id = $1 AND account_id = $2`, groupID, actor)
		}
		if m.Role == hearth.GroupOwner {
			if err := keepAnOwner(ctx, t, groupID, actor); err != nil {
				return err
			}
		}
		return t.execOne(ctx, `DELETE FROM group_members WHERE group_id = $1 AND account_id = $2`, groupID, actor)
	})
}

// keepAnOwner returns ECONFLICT unless the group has an owner besides
// accountID.
func keepAnOwner(ctx context.Context, t *tx, groupID, accountID int64) error {
	var others int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM group_members
		WHERE group_id = $1 AND role = $2 AND account_id <> $3`,
		groupID, hearth.GroupOwner, accountID).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return hearth.Errorf(hearth.ECONFLICT, "error.group.last_owner")
	}
	return nil
}

// membersSelect reads memberships with the member's name and pronouns.
const membersSelect = `
	SELECT x.group_id, x.account_id, a.display_name, a.pronouns`

// GroupMembers lists the group's members, owners first, then trusted
// servants, then members, each by the day they joined. Only members see
// it (TRUST.md), listed group or not: EUNAUTHORIZED for a visitor,
// EFORBIDDEN for anyone else; ENOTFOUND for no such group.
func (s *Store) GroupMembers(ctx context.Context, groupID int64) (list []*hearth.Membership, err error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return nil, unauthorized()
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := membersOnly(ctx, t, groupID, actor); err != nil {
			return err
		}
		list, err = scanMemberships(ctx, t, membersSelect+`, x.role, x.joined_at
			FROM group_members x JOIN accounts a ON a.id = x.account_id
			WHERE x.group_id = $1
			ORDER BY CASE x.role WHEN 'owner' THEN 0 WHEN 'servant' THEN 1 ELSE 2 END, x.joined_at, x.account_id`,
			false, groupID)
		return err
	})
	return list, err
}

// CountGroupMembers counts the group's members, to its members only, as
// GroupMembers decides: EUNAUTHORIZED for a visitor, EFORBIDDEN for
// anyone else; ENOTFOUND for no such group. The count is read from the
// primary key's index, not the list.
func (s *Store) CountGroupMembers(ctx context.Context, groupID int64) (n int, err error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return 0, unauthorized()
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := membersOnly(ctx, t, groupID, actor); err != nil {
			return err
		}
		return t.queryRow(ctx, `SELECT count(*) FROM group_members WHERE group_id = $1`, groupID).Scan(&n)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// membersOnly is nil when the actor is a member of the group (TRUST.md:
// what only members may see); EFORBIDDEN when not, ENOTFOUND for no such
// group.
func membersOnly(ctx context.Context, t *tx, groupID, actor int64) error {
	role, err := groupRole(ctx, t, groupID, actor)
	if err != nil {
		return err
	}
	if role == "" {
		return forbidden()
	}
	return nil
}

// PendingRequests lists the requests to join the group, oldest first, to
// its trusted servants and owners: EUNAUTHORIZED for a visitor, EFORBIDDEN
// for anyone else; ENOTFOUND for no such group.
func (s *Store) PendingRequests(ctx context.Context, groupID int64) (list []*hearth.Membership, err error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return nil, unauthorized()
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := mustServe(ctx, t, groupID, actor); err != nil {
			return err
		}
		list, err = scanMemberships(ctx, t, membersSelect+`, 'member', x.requested_at
			FROM group_requests x JOIN accounts a ON a.id = x.account_id
			WHERE x.group_id = $1
			ORDER BY x.requested_at, x.account_id`, true, groupID)
		return err
	})
	return list, err
}

// mustServe returns EFORBIDDEN unless the account is a trusted servant or
// owner of the group, ENOTFOUND for no such group.
func mustServe(ctx context.Context, t *tx, groupID, accountID int64) error {
	role, err := groupRole(ctx, t, groupID, accountID)
	if err != nil {
		return err
	}
	if !hearth.CanServe(role) {
		return forbidden()
	}
	return nil
}

func scanMemberships(ctx context.Context, t *tx, query string, pending bool, args ...any) ([]*hearth.Membership, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*hearth.Membership{}
	for rows.Next() {
		m := &hearth.Membership{Pending: pending}
		if err := rows.Scan(&m.GroupID, &m.AccountID, &m.Name, &m.Pronouns, &m.Role, scanTime(&m.JoinedAt)); err != nil {
			return nil, t.err(err)
		}
		list = append(list, m)
	}
	return list, t.err(rows.Err())
}

// DecideRequest approves a request to join (the account becomes a
// member) or declines it (the request goes). EUNAUTHORIZED for a visitor,
// EFORBIDDEN unless the actor serves the group; ENOTFOUND when there is no
// such request.
func (s *Store) DecideRequest(ctx context.Context, groupID, accountID int64, approve bool) error {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		if err := mustServe(ctx, t, groupID, actor); err != nil {
			return err
		}
		if err := t.execOne(ctx, `DELETE FROM group_requests WHERE group_id = $1 AND account_id = $2`, groupID, accountID); err != nil {
			return err
		}
		if !approve {
			return nil
		}
		return addGroupMember(ctx, t, groupID, accountID, hearth.GroupMember)
	})
}

// SetGroupRole gives a member of the group a role: an owner appoints or
// stands down trusted servants and passes ownership on (an owner may
// stand down too, while another owner remains). EUNAUTHORIZED for a
// visitor, EFORBIDDEN unless the actor owns the group, EINVALID for an
// unknown role, ENOTFOUND unless the account is a member, ECONFLICT when
// the group would be left without an owner.
func (s *Store) SetGroupRole(ctx context.Context, groupID, accountID int64, role string) error {
	if !validGroupRole(role) {
		return hearth.FieldErrors{"role": "error.role.invalid"}.Err()
	}
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		mine, err := groupRole(ctx, t, groupID, actor)
		if err != nil {
			return err
		}
		if mine != hearth.GroupOwner {
			return forbidden()
		}
		theirs, err := groupRole(ctx, t, groupID, accountID)
		if err != nil {
			return err
		}
		if theirs == "" {
			return notFound()
		}
		if theirs == hearth.GroupOwner && role != hearth.GroupOwner {
			if err := keepAnOwner(ctx, t, groupID, accountID); err != nil {
				return err
			}
		}
		return t.execOne(ctx, `UPDATE group_members SET role = $1 WHERE group_id = $2 AND account_id = $3`,
			role, groupID, accountID)
	})
}
