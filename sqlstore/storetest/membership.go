package storetest

import (
	"context"
	"reflect"
	"testing"

	"hearth"
)

// as is the test's context acting for the account (nil: a visitor).
func (e *env) as(a *hearth.Account) context.Context {
	if a == nil {
		return e.ctx
	}
	return hearth.NewContextWithAccount(e.ctx, a)
}

// roles maps account IDs to roles, for comparing member lists.
func roles(list []*hearth.Membership) map[int64]string {
	out := map[int64]string{}
	for _, m := range list {
		out[m.AccountID] = m.Role
	}
	return out
}

func (s suite) membership(t *testing.T) {
	t.Run("JoinGroup", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			policy  string
			pending bool
		}{
			{"Open", hearth.JoinOpen, false},
			{"ByApproval", hearth.JoinApproval, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				owner, newcomer := e.mustAccount(), e.mustAccount()
				g := e.mustGroup(owner.ID, func(g *hearth.Group) { g.JoinPolicy = tc.policy })
				m, err := e.Store.JoinGroup(e.as(newcomer), g.ID)
				ok(t, err)
				if m.Pending != tc.pending || m.Role != hearth.GroupMember || m.AccountID != newcomer.ID || m.GroupID != g.ID {
					t.Errorf("joined as %+v, want a member, pending %v", m, tc.pending)
				}
				got, err := e.Store.Membership(e.as(newcomer), g.ID)
				ok(t, err)
				if got.Pending != tc.pending || !got.JoinedAt.Equal(stored(start)) {
					t.Errorf("membership %+v", got)
				}
				// Joining again changes nothing.
				again, err := e.Store.JoinGroup(e.as(newcomer), g.ID)
				ok(t, err)
				if again.Pending != tc.pending {
					t.Errorf("joining again: %+v", again)
				}
				mine, err := e.Store.MyGroups(e.ctx, newcomer.ID)
				ok(t, err)
				if tc.pending != (len(mine) == 0) {
					t.Errorf("MyGroups has %d groups; a request is no membership", len(mine))
				}
			})
		}
		t.Run("Visitor", func(t *testing.T) {
			e := s.env(t)
			g := e.mustGroup(e.mustAccount().ID)
			_, err := e.Store.JoinGroup(e.ctx, g.ID)
			wantCode(t, err, hearth.EUNAUTHORIZED)
		})
		t.Run("NoGroup", func(t *testing.T) {
			e := s.env(t)
			_, err := e.Store.JoinGroup(e.as(e.mustAccount()), 999)
			wantCode(t, err, hearth.ENOTFOUND)
		})
	})

	t.Run("Membership", func(t *testing.T) {
		e := s.env(t)
		owner, stranger := e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		m, err := e.Store.Membership(e.as(owner), g.ID)
		ok(t, err)
		if m.Role != hearth.GroupOwner || m.Pending {
			t.Errorf("owner's membership %+v", m)
		}
		_, err = e.Store.Membership(e.as(stranger), g.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.Membership(e.ctx, g.ID)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("LeaveGroup", func(t *testing.T) {
		t.Run("Member", func(t *testing.T) {
			e := s.env(t)
			owner, m := e.mustAccount(), e.mustAccount()
			g := e.mustGroup(owner.ID)
			_, err := e.Store.JoinGroup(e.as(m), g.ID)
			ok(t, err)
			ok(t, e.Store.LeaveGroup(e.as(m), g.ID))
			_, err = e.Store.Membership(e.as(m), g.ID)
			wantCode(t, err, hearth.ENOTFOUND)
			wantCode(t, e.Store.LeaveGroup(e.as(m), g.ID), hearth.ENOTFOUND)
		})
		t.Run("Request", func(t *testing.T) {
			e := s.env(t)
			owner, m := e.mustAccount(), e.mustAccount()
			g := e.mustGroup(owner.ID, func(g *hearth.Group) { g.JoinPolicy = hearth.JoinApproval })
			_, err := e.Store.JoinGroup(e.as(m), g.ID)
			ok(t, err)
			ok(t, e.Store.LeaveGroup(e.as(m), g.ID))
			list, err := e.Store.PendingRequests(e.as(owner), g.ID)
			ok(t, err)
			if len(list) != 0 {
				t.Errorf("a withdrawn request is still pending: %+v", list)
			}
		})
		t.Run("LastOwner", func(t *testing.T) {
			e := s.env(t)
			owner, second := e.mustAccount(), e.mustAccount()
			g := e.mustGroup(owner.ID)
			wantCode(t, e.Store.LeaveGroup(e.as(owner), g.ID), hearth.ECONFLICT)
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, second.ID, hearth.GroupOwner))
			ok(t, e.Store.LeaveGroup(e.as(owner), g.ID))
			wantCode(t, e.Store.LeaveGroup(e.as(second), g.ID), hearth.ECONFLICT)
		})
		t.Run("Visitor", func(t *testing.T) {
			e := s.env(t)
			g := e.mustGroup(e.mustAccount().ID)
			wantCode(t, e.Store.LeaveGroup(e.ctx, g.ID), hearth.EUNAUTHORIZED)
		})
	})

	t.Run("GroupMembers", func(t *testing.T) {
		for _, visibility := range []string{hearth.GroupListed, hearth.GroupUnlisted} {
			t.Run(visibility, func(t *testing.T) {
				e := s.env(t)
				owner, servant, member, stranger, asking := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
				g := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Visibility = visibility; g.JoinPolicy = hearth.JoinApproval })
				ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
				ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
				_, err := e.Store.JoinGroup(e.as(asking), g.ID)
				ok(t, err)
				want := map[int64]string{owner.ID: hearth.GroupOwner, servant.ID: hearth.GroupServant, member.ID: hearth.GroupMember}
				for _, a := range []*hearth.Account{owner, servant, member} {
					list, err := e.Store.GroupMembers(e.as(a), g.ID)
					ok(t, err)
					if !reflect.DeepEqual(roles(list), want) {
						t.Errorf("as %s: members %v, want %v", a.Handle, roles(list), want)
					}
					n, err := e.Store.CountGroupMembers(e.as(a), g.ID)
					ok(t, err)
					if n != len(want) {
						t.Errorf("as %s: counted %d members, want %d (the one asking to join is none)", a.Handle, n, len(want))
					}
					if len(list) == 3 && (list[0].Role != hearth.GroupOwner || list[1].Role != hearth.GroupServant) {
						t.Errorf("not owners, then servants, then members: %v", list)
					}
					for _, m := range list {
						if m.AccountID == servant.ID && (m.Name != servant.DisplayName || m.Pronouns != servant.Pronouns) {
							t.Errorf("member shown as %q %q", m.Name, m.Pronouns)
						}
					}
				}
				for _, tc := range []struct {
					name string
					ctx  context.Context
					code string
				}{
					{"Stranger", e.as(stranger), hearth.EFORBIDDEN},
					{"AskingToJoin", e.as(asking), hearth.EFORBIDDEN},
					{"Visitor", e.ctx, hearth.EUNAUTHORIZED},
				} {
					t.Run(tc.name, func(t *testing.T) {
						list, err := e.Store.GroupMembers(tc.ctx, g.ID)
						wantCode(t, err, tc.code)
						if list != nil {
							t.Errorf("with %s, the list %v", tc.code, list)
						}
						n, err := e.Store.CountGroupMembers(tc.ctx, g.ID)
						wantCode(t, err, tc.code)
						if n != 0 {
							t.Errorf("with %s, a count of %d", tc.code, n)
						}
					})
				}
				_, err = e.Store.GroupMembers(e.as(owner), g.ID+1000)
				wantCode(t, err, hearth.ENOTFOUND)
				_, err = e.Store.CountGroupMembers(e.as(owner), g.ID+1000)
				wantCode(t, err, hearth.ENOTFOUND)
				ok(t, e.Store.LeaveGroup(e.as(member), g.ID))
				if n, err := e.Store.CountGroupMembers(e.as(owner), g.ID); err != nil || n != 2 {
					t.Errorf("after a member left: counted %d (%v), want 2", n, err)
				}
			})
		}
	})

	t.Run("Requests", func(t *testing.T) {
		e := s.env(t)
		owner, servant, member, first, second := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID, func(g *hearth.Group) { g.JoinPolicy = hearth.JoinApproval })
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
		_, err := e.Store.JoinGroup(e.as(first), g.ID)
		ok(t, err)
		e.clock.Advance(1)
		_, err = e.Store.JoinGroup(e.as(second), g.ID)
		ok(t, err)

		t.Run("SeenByServants", func(t *testing.T) {
			for _, a := range []*hearth.Account{owner, servant} {
				list, err := e.Store.PendingRequests(e.as(a), g.ID)
				ok(t, err)
				if len(list) != 2 || list[0].AccountID != first.ID || list[1].AccountID != second.ID || !list[0].Pending {
					t.Errorf("requests %+v, want first then second, pending", list)
				}
			}
		})
		t.Run("NotSeenByOthers", func(t *testing.T) {
			_, err := e.Store.PendingRequests(e.as(member), g.ID)
			wantCode(t, err, hearth.EFORBIDDEN)
			_, err = e.Store.PendingRequests(e.as(first), g.ID)
			wantCode(t, err, hearth.EFORBIDDEN)
			_, err = e.Store.PendingRequests(e.ctx, g.ID)
			wantCode(t, err, hearth.EUNAUTHORIZED)
			wantCode(t, e.Store.DecideRequest(e.as(member), g.ID, first.ID, true), hearth.EFORBIDDEN)
			wantCode(t, e.Store.DecideRequest(e.as(first), g.ID, first.ID, true), hearth.EFORBIDDEN)
		})
		t.Run("Decide", func(t *testing.T) {
			ok(t, e.Store.DecideRequest(e.as(servant), g.ID, first.ID, true))
			ok(t, e.Store.DecideRequest(e.as(owner), g.ID, second.ID, false))
			m, err := e.Store.Membership(e.as(first), g.ID)
			ok(t, err)
			if m.Pending || m.Role != hearth.GroupMember {
				t.Errorf("approved: %+v", m)
			}
			_, err = e.Store.Membership(e.as(second), g.ID)
			wantCode(t, err, hearth.ENOTFOUND)
			wantCode(t, e.Store.DecideRequest(e.as(owner), g.ID, second.ID, true), hearth.ENOTFOUND)
			list, err := e.Store.PendingRequests(e.as(owner), g.ID)
			ok(t, err)
			if len(list) != 0 {
				t.Errorf("requests left: %+v", list)
			}
		})
	})

	t.Run("SetGroupRole", func(t *testing.T) {
		e := s.env(t)
		owner, servant, member, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
		for _, tc := range []struct {
			name    string
			actor   *hearth.Account
			account *hearth.Account
			role    string
			code    string
		}{
			{"ServantCannotAppoint", servant, member, hearth.GroupServant, hearth.EFORBIDDEN},
			{"MemberCannotAppoint", member, member, hearth.GroupServant, hearth.EFORBIDDEN},
			{"StrangerCannotAppoint", stranger, member, hearth.GroupServant, hearth.EFORBIDDEN},
			{"VisitorCannotAppoint", nil, member, hearth.GroupServant, hearth.EUNAUTHORIZED},
			{"NotAMember", owner, stranger, hearth.GroupServant, hearth.ENOTFOUND},
			{"UnknownRole", owner, member, "king", hearth.EINVALID},
			{"LastOwnerCannotStandDown", owner, owner, hearth.GroupMember, hearth.ECONFLICT},
			{"AppointServant", owner, member, hearth.GroupServant, ""},
			{"StandDownServant", owner, servant, hearth.GroupMember, ""},
			{"PassOwnershipOn", owner, member, hearth.GroupOwner, ""},
			{"FormerOwnerStandsDown", owner, owner, hearth.GroupServant, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, e.Store.SetGroupRole(e.as(tc.actor), g.ID, tc.account.ID, tc.role), tc.code)
				if tc.code != "" {
					return
				}
				m, err := e.Store.Membership(e.as(tc.account), g.ID)
				ok(t, err)
				if m.Role != tc.role {
					t.Errorf("role %q, want %q", m.Role, tc.role)
				}
			})
		}
	})

	t.Run("UpdateGroup", func(t *testing.T) {
		e := s.env(t)
		owner, servant, member := e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
		other := e.mustGroup(owner.ID)
		edit := func(f func(*hearth.Group)) *hearth.Group {
			c := *g
			c.Languages = append([]string(nil), g.Languages...)
			f(&c)
			return &c
		}
		for _, tc := range []struct {
			name  string
			actor *hearth.Account
			g     *hearth.Group
			code  string
		}{
			{"Member", member, edit(func(g *hearth.Group) { g.Name = "Mine now" }), hearth.EFORBIDDEN},
			{"Visitor", nil, edit(func(g *hearth.Group) { g.Name = "Mine now" }), hearth.EUNAUTHORIZED},
			{"Invalid", servant, edit(func(g *hearth.Group) { g.TimeZone = "Nowhere" }), hearth.EINVALID},
			{"SlugTaken", servant, edit(func(g *hearth.Group) { g.Slug = other.Slug }), hearth.ECONFLICT},
			{"NoGroup", servant, edit(func(g *hearth.Group) { g.ID += 1000 }), hearth.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, e.Store.UpdateGroup(e.as(tc.actor), tc.g), tc.code)
				got, err := e.Store.FindGroupBySlug(e.ctx, g.Slug)
				ok(t, err)
				if got.Name != g.Name || got.TimeZone != g.TimeZone {
					t.Errorf("the group changed: %+v", got)
				}
			})
		}
		t.Run("Servant", func(t *testing.T) {
			e.clock.Advance(3600e9)
			u := edit(func(g *hearth.Group) {
				g.Slug, g.Name, g.Description, g.Program = "renamed", " Renamed Hope ", "New words.", "na"
				g.Languages, g.Tags = []string{"es"}, []string{"young-people"}
				g.Visibility, g.JoinPolicy = hearth.GroupUnlisted, hearth.JoinApproval
			})
			ok(t, e.Store.UpdateGroup(e.as(servant), u))
			if u.Name != "Renamed Hope" || !u.UpdatedAt.Equal(stored(e.clock.Now())) || !u.CreatedAt.Equal(g.CreatedAt) {
				t.Errorf("updated %+v", u)
			}
			got, err := e.Store.FindGroupBySlug(e.ctx, "renamed")
			ok(t, err)
			if !reflect.DeepEqual(got, u) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, u)
			}
		})
	})

	t.Run("ListGroupsFilter", func(t *testing.T) {
		e := s.env(t)
		owner := e.mustAccount()
		for _, g := range []struct {
			slug, name, description, program string
			languages, tags                  []string
			visibility                       string
		}{
			{"renacer", "Grupo Renacer", "Un grupo de habla hispana. Compartimos nuestra experiencia.", "aa", []string{"es"}, []string{"newcomer-friendly"}, hearth.GroupListed},
			{"rainbow", "Rainbow Recovery", "An LGBTQ+ group where everyone can come as they are.", "na", []string{"en"}, []string{"lgbtq"}, hearth.GroupListed},
			{"sunrise", "Serenity at Sunrise", "An early-morning Big Book group; café afterwards.", "aa", []string{"en", "es"}, []string{"newcomer-friendly"}, hearth.GroupListed},
			{"hidden", "Hidden Serenity", "An unlisted group.", "aa", []string{"en"}, []string{"lgbtq"}, hearth.GroupUnlisted},
		} {
			e.mustGroup(owner.ID, func(n *hearth.Group) {
				n.Slug, n.Name, n.Description, n.Program = g.slug, g.name, g.description, g.program
				n.Languages, n.Tags, n.Visibility = g.languages, g.tags, g.visibility
			})
		}
		for _, tc := range []struct {
			name   string
			filter hearth.GroupFilter
			want   []string
		}{
			{"Language", hearth.GroupFilter{Language: "es"}, []string{"renacer", "sunrise"}},
			{"Tag", hearth.GroupFilter{Tag: "lgbtq"}, []string{"rainbow"}},
			{"ProgramAndTag", hearth.GroupFilter{Program: "aa", Tag: "newcomer-friendly"}, []string{"renacer", "sunrise"}},
			{"QueryName", hearth.GroupFilter{Query: "serenity"}, []string{"sunrise"}},
			{"QueryPrefix", hearth.GroupFilter{Query: "Sere"}, []string{"sunrise"}},
			{"QueryDescription", hearth.GroupFilter{Query: "big book"}, []string{"sunrise"}},
			{"QueryAccents", hearth.GroupFilter{Query: "CAFE"}, []string{"sunrise"}},
			{"QueryAccentedWord", hearth.GroupFilter{Query: "hispána"}, []string{"renacer"}},
			{"QueryAllWords", hearth.GroupFilter{Query: "serenity renacer"}, nil},
			{"QueryInsideAWord", hearth.GroupFilter{Query: "enity"}, nil},
			{"QueryOnlyPunctuation", hearth.GroupFilter{Query: "%_*"}, []string{"renacer", "rainbow", "sunrise"}},
			{"NeverUnlisted", hearth.GroupFilter{Query: "hidden"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, err := e.Store.ListGroups(e.ctx, tc.filter)
				ok(t, err)
				var slugs []string
				for _, g := range list {
					slugs = append(slugs, g.Slug)
				}
				if !reflect.DeepEqual(slugs, tc.want) {
					t.Errorf("listed %q, want %q", slugs, tc.want)
				}
			})
		}
	})
}
