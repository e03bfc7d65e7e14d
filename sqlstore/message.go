package sqlstore

import (
	"context"
	"fmt"
	"time"

	"hearth"
	"hearth/vault"
)

var _ hearth.MessageService = (*Store)(nil)

// Conversations.
//
// A conversation is kept once per pair: side "a" is the member with the
// lower account id. Its key is random and kept only sealed with each
// side's data key (a_key, b_key, bound to the conversation's row); every
// message body is sealed with it (bound to the message's row). The server
// key opens a member's data key, so Hearth reads a conversation for
// either member, and for no one else: no page or API opens it for anyone
// but its two members. A side that erases its copy, or its account, loses
// its sealed key, and with it the means to read; when neither side has a
// key left the conversation and its messages are deleted.

// convSide says which side of a conversation the actor is on, and names
// the columns of each side.
type convSide struct {
	me, them         string // "a" or "b"
	meID, themID     int64
	convID           int64
	keySealed        []byte
	themGone         bool // the other erased their account or their copy
	myReadID         int64
	theirReadAt      time.Time
	lastMessageAt    time.Time
	createdAt        time.Time
	unread           int
	with             *hearth.Account
	myReceipts       bool
	theirReceipts    bool
	blockedEitherWay bool
}

// convSelect reads a conversation for actor $1 with the other member as
// anyone may see them (LEFT JOIN: they may have erased their account).
const convSelect = `SELECT c.id, c.a_id, c.b_id, c.a_key, c.b_key, c.a_read_id, c.b_read_id, c.a_read_at, c.b_read_at,
		c.last_message_at, c.created_at,
		o.id, o.handle, o.display_name, o.pronouns,
		(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id
			AND m.id > CASE WHEN c.a_id = $1 THEN c.a_read_id ELSE c.b_read_id END
			AND (m.sender_id IS NULL OR m.sender_id <> $1)),
		coalesce((SELECT p.receipts FROM message_prefs p WHERE p.account_id = $1), FALSE),
		coalesce((SELECT p.receipts FROM message_prefs p WHERE p.account_id = o.id), FALSE)
	FROM conversations c
	LEFT JOIN accounts o ON o.id = CASE WHEN c.a_id = $1 THEN c.b_id ELSE c.a_id END
	WHERE ((c.a_id = $1 AND c.a_key IS NOT NULL) OR (c.b_id = $1 AND c.b_key IS NOT NULL))`

func scanConv(sc scanner, actor int64) (*convSide, error) {
	var c convSide
	var aID, bID, oID *int64
	var aKey, bKey []byte
	var aRead, bRead int64
	var aReadAt, bReadAt time.Time
	var handle, name, pronouns *string
	if err := sc.Scan(&c.convID, &aID, &bID, &aKey, &bKey, &aRead, &bRead, scanTime(&aReadAt), scanTime(&bReadAt),
		scanTime(&c.lastMessageAt), scanTime(&c.createdAt), &oID, &handle, &name, &pronouns,
		&c.unread, &c.myReceipts, &c.theirReceipts); err != nil {
		return nil, err
	}
	c.meID = actor
	if aID != nil && *aID == actor {
		c.me, c.them, c.keySealed, c.myReadID, c.theirReadAt = "a", "b", aKey, aRead, bReadAt
		c.themGone = bID == nil || bKey == nil
	} else {
		c.me, c.them, c.keySealed, c.myReadID, c.theirReadAt = "b", "a", bKey, bRead, aReadAt
		c.themGone = aID == nil || aKey == nil
	}
	if oID != nil {
		c.themID = *oID
		c.with = &hearth.Account{ID: *oID, Handle: deref(handle), DisplayName: deref(name), Pronouns: deref(pronouns)}
	}
	return &c, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// conversation returns what the actor sees of it.
func (c *convSide) conversation() *hearth.Conversation {
	out := &hearth.Conversation{ID: c.convID, With: c.with, Unread: c.unread, LastMessageAt: c.lastMessageAt,
		Closed: c.themGone || c.blockedEitherWay, CreatedAt: c.createdAt}
	if c.myReceipts && c.theirReceipts {
		out.TheyRead = c.theirReadAt
	}
	return out
}

// readConv reads the actor's side of a conversation they have not
// erased, ENOTFOUND otherwise.
func (s *Store) readConv(ctx context.Context, t *tx, actor, id int64) (*convSide, error) {
	c, err := scanConv(t.queryRow(ctx, convSelect+` AND c.id = $2`, actor, id), actor)
	if err != nil {
		return nil, err
	}
	if c.themID != 0 {
		if c.blockedEitherWay, err = blockedEitherWay(ctx, t, actor, c.themID); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// inConv runs fn in a transaction (read-write when write) with the
// actor's side of conversation id.
func (s *Store) inConv(ctx context.Context, id int64, write bool, fn func(t *tx, c *convSide) error) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	run := s.inReadTx
	if write {
		run = s.inTx
	}
	return run(ctx, func(t *tx) error {
		c, err := s.readConv(ctx, t, actor, id)
		if err != nil {
			return err
		}
		return fn(t, c)
	})
}

// key opens the conversation's key with the actor's data key.
func (s *Store) convKey(ctx context.Context, t *tx, c *convSide) (*vault.DataKey, error) {
	var wrapped []byte
	if err := t.queryRow(ctx, `SELECT wrapped FROM data_keys WHERE account_id = $1`, c.meID).Scan(&wrapped); err != nil {
		return nil, err
	}
	dk, err := s.dataKey(c.meID, wrapped)
	if err != nil {
		return nil, err
	}
	raw, err := dk.Open(c.keySealed, vault.AD("conversations", c.me+"_key", c.convID))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: opening the key of conversation %d: %w", c.convID, err)
	}
	return vault.KeyFromRaw(raw)
}

// blockedEitherWay says whether one of two members blocks the other.
func blockedEitherWay(ctx context.Context, t *tx, a, b int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM blocks
		WHERE (blocker = $1 AND blocked = $2) OR (blocker = $2 AND blocked = $1)`, a, b).Scan(&n)
	return n > 0, err
}

// connected says whether two members may always write to each other:
// they are active accountability partners, or sponsor and sponsee.
func connected(ctx context.Context, t *tx, a, b int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT count(*) FROM partnerships
		WHERE pair_low = $1 AND pair_high = $2 AND accepted = TRUE`, min(a, b), max(a, b)).Scan(&n)
	if err != nil || n > 0 {
		return n > 0, err
	}
	for _, pair := range [][2]int64{{a, b}, {b, a}} {
		if is, err := isSponsorOf(ctx, t, pair[0], pair[1]); err != nil || is {
			return is, err
		}
	}
	return false, nil
}

// messagePrefs reads a member's choices, or the defaults.
func messagePrefs(ctx context.Context, t *tx, id int64) (hearth.MessagePrefs, error) {
	p := hearth.DefaultMessagePrefs
	err := t.queryRow(ctx, `SELECT messages_from, receipts FROM message_prefs WHERE account_id = $1`, id).
		Scan(&p.From, &p.Receipts)
	if hearth.ErrorCode(err) == hearth.ENOTFOUND {
		return hearth.DefaultMessagePrefs, nil
	}
	return p, err
}

// mayMessage says whether a and b may open a conversation: neither
// blocks the other, and they are connected, or both accept messages from
// their groups and share one.
func mayMessage(ctx context.Context, t *tx, a, b int64) (bool, error) {
	if blocked, err := blockedEitherWay(ctx, t, a, b); err != nil || blocked {
		return false, err
	}
	if ok, err := connected(ctx, t, a, b); err != nil || ok {
		return ok, err
	}
	for _, id := range []int64{a, b} {
		p, err := messagePrefs(ctx, t, id)
		if err != nil {
			return false, err
		}
		if p.From != hearth.MessagesFromGroups {
			return false, nil
		}
	}
	var shared int
	err := t.queryRow(ctx, `SELECT count(*) FROM group_members x JOIN group_members y ON y.group_id = x.group_id
		WHERE x.account_id = $1 AND y.account_id = $2`, a, b).Scan(&shared)
	return shared > 0, err
}

func (s *Store) StartConversation(ctx context.Context, with int64) (*hearth.Conversation, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var out *hearth.Conversation
	err = s.inTx(ctx, func(t *tx) error {
		out, err = s.openConversation(ctx, t, actor, with, true)
		return err
	})
	return out, err
}

// openConversation returns the conversation of actor and with, opening
// it when there is none; only when check does it ask whether they may
// (mayMessage). One blocking the other is EFORBIDDEN always.
func (s *Store) openConversation(ctx context.Context, t *tx, actor, with int64, check bool) (*hearth.Conversation, error) {
	if with == actor {
		return nil, notFound()
	}
	type key struct {
		id      int64
		wrapped []byte
	}
	keys, err := queryAll(ctx, t, func(sc scanner) (key, error) {
		var k key
		err := sc.Scan(&k.id, &k.wrapped)
		return k, err
	}, `SELECT account_id, wrapped FROM data_keys WHERE account_id IN ($1, $2)`, actor, with)
	if err != nil {
		return nil, err
	}
	if len(keys) != 2 {
		return nil, notFound()
	}
	low, high := min(actor, with), max(actor, with)
	var id int64
	var aKey, bKey []byte
	err = t.queryRow(ctx, `SELECT id, a_key, b_key FROM conversations WHERE pair_low = $1 AND pair_high = $2`, low, high).
		Scan(&id, &aKey, &bKey)
	switch {
	case err == nil:
		if mineGone := (actor == low && aKey == nil) || (actor == high && bKey == nil); mineGone {
			// The actor erased their copy; the other kept theirs, sealed
			// with a key the actor no longer holds. They start afresh.
			if _, err := t.exec(ctx, `DELETE FROM conversations WHERE id = $1`, id); err != nil {
				return nil, err
			}
			id = 0
		}
	case hearth.ErrorCode(err) != hearth.ENOTFOUND:
		return nil, err
	}
	if id == 0 {
		allowed := true
		if check {
			allowed, err = mayMessage(ctx, t, actor, with)
		} else {
			var blocked bool
			blocked, err = blockedEitherWay(ctx, t, actor, with)
			allowed = !blocked
		}
		if err != nil {
			return nil, err
		}
		if !allowed {
			return nil, hearth.Errorf(hearth.EFORBIDDEN, "error.message.not_allowed")
		}
		raw, err := vault.NewSharedKey()
		if err != nil {
			return nil, err
		}
		if err := t.queryRow(ctx, `INSERT INTO conversations (pair_low, pair_high, a_id, b_id, created_at)
			VALUES ($1, $2, $1, $2, $3) RETURNING id`, low, high, t.now).Scan(&id); err != nil {
			return nil, err
		}
		sealedFor := map[int64][]byte{}
		for _, k := range keys {
			dk, err := s.dataKey(k.id, k.wrapped)
			if err != nil {
				return nil, err
			}
			side := "a"
			if k.id == high {
				side = "b"
			}
			sealedFor[k.id] = dk.Seal(raw, vault.AD("conversations", side+"_key", id))
		}
		if err := t.execOne(ctx, `UPDATE conversations SET a_key = $1, b_key = $2 WHERE id = $3`,
			sealedFor[low], sealedFor[high], id); err != nil {
			return nil, err
		}
	}
	c, err := s.readConv(ctx, t, actor, id)
	if err != nil {
		return nil, err
	}
	return c.conversation(), nil
}

func (s *Store) Conversations(ctx context.Context) ([]*hearth.Conversation, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var list []*hearth.Conversation
	err = s.inReadTx(ctx, func(t *tx) error {
		sides, err := queryAll(ctx, t, func(sc scanner) (*convSide, error) { return scanConv(sc, actor) },
			convSelect+` ORDER BY coalesce(c.last_message_at, c.created_at) DESC, c.id DESC`, actor)
		if err != nil {
			return err
		}
		list = make([]*hearth.Conversation, 0, len(sides))
		for _, c := range sides {
			if c.themID != 0 {
				if c.blockedEitherWay, err = blockedEitherWay(ctx, t, actor, c.themID); err != nil {
					return err
				}
			}
			list = append(list, c.conversation())
		}
		return nil
	})
	return list, err
}

func (s *Store) Conversation(ctx context.Context, id int64) (*hearth.Conversation, error) {
	var out *hearth.Conversation
	err := s.inConv(ctx, id, false, func(_ *tx, c *convSide) error {
		out = c.conversation()
		return nil
	})
	return out, err
}

// messagesMax bounds a page of messages.
const messagesMax = 200

func (s *Store) Messages(ctx context.Context, conversationID, before int64, limit int) ([]*hearth.Message, error) {
	if limit <= 0 || limit > messagesMax {
		limit = messagesMax
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	var list []*hearth.Message
	err := s.inConv(ctx, conversationID, false, func(t *tx, c *convSide) error {
		key, err := s.convKey(ctx, t, c)
		if err != nil {
			return err
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Message, error) {
			var m hearth.Message
			var sender *int64
			var body []byte
			if err := sc.Scan(&m.ID, &m.ConversationID, &sender, &body, scanTime(&m.CreatedAt)); err != nil {
				return nil, err
			}
			if sender != nil {
				m.SenderID = *sender
			}
			m.Mine = m.SenderID == c.meID
			var err error
			m.Body, err = openMessage(key, m.ID, body)
			return &m, err
		}, `SELECT id, conversation_id, sender_id, body, created_at FROM messages
			WHERE conversation_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, conversationID, before, limit)
		// Earliest first, as a conversation reads.
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
		return err
	})
	return list, err
}

func (s *Store) SendMessage(ctx context.Context, conversationID int64, body string) (*hearth.Message, error) {
	m := &hearth.Message{ConversationID: conversationID, SenderID: hearth.AccountIDFromContext(ctx), Mine: true, Body: body}
	if err := m.Validate(); err != nil && m.SenderID != 0 {
		return nil, err
	}
	err := s.inConv(ctx, conversationID, true, func(t *tx, c *convSide) error {
		actor := c.meID
		if c.themGone || c.blockedEitherWay {
			return hearth.Errorf(hearth.EFORBIDDEN, "error.message.closed")
		}
		var last time.Time
		err := t.queryRow(ctx, `SELECT created_at FROM messages WHERE conversation_id = $1 AND sender_id = $2
			ORDER BY id DESC LIMIT 1`, conversationID, actor).Scan(scanTime(&last))
		if err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
			return err
		}
		if !last.IsZero() && t.now.Sub(last) < hearth.MessageInterval {
			return hearth.Errorf(hearth.ERATELIMIT, "error.message.too_fast")
		}
		key, err := s.convKey(ctx, t, c)
		if err != nil {
			return err
		}
		// The row is made first for its id, which the sealed body is bound to.
		if err := t.queryRow(ctx, `INSERT INTO messages (conversation_id, sender_id, body, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, conversationID, actor, []byte{}, t.now).Scan(&m.ID); err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE messages SET body = $1 WHERE id = $2`,
			key.SealString("messages", "body", m.ID, body), m.ID); err != nil {
			return err
		}
		// The sender has read their own conversation up to their message.
		if err := t.execOne(ctx, `UPDATE conversations SET last_message_at = $1, `+c.me+`_read_id = $2, `+c.me+`_read_at = $1
			WHERE id = $3`, t.now, m.ID, conversationID); err != nil {
			return err
		}
		m.CreatedAt = t.now
		t.publish(&hearth.Event{Topic: hearth.AccountTopic(c.themID), Kind: hearth.EventMessage, Subject: conversationID})
		t.publish(&hearth.Event{Topic: hearth.AccountTopic(actor), Kind: hearth.EventMessage, Subject: conversationID})
		// One notification stands for every message not read yet.
		var waiting int
		if err := t.queryRow(ctx, `SELECT count(*) FROM notifications
			WHERE account_id = $1 AND kind = $2 AND subject_id = $3 AND read_at IS NULL`,
			c.themID, hearth.NotifyMessage, conversationID).Scan(&waiting); err != nil || waiting > 0 {
			return err
		}
		return t.notify(ctx, hearth.Notification{AccountID: c.themID, Kind: hearth.NotifyMessage, Subject: conversationID}, actor)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Store) MarkConversationRead(ctx context.Context, id int64) error {
	return s.inConv(ctx, id, true, func(t *tx, c *convSide) error {
		var last int64
		if err := t.queryRow(ctx, `SELECT coalesce(max(id), 0) FROM messages WHERE conversation_id = $1`, id).Scan(&last); err != nil {
			return err
		}
		if last <= c.myReadID {
			return nil
		}
		if err := t.execOne(ctx, `UPDATE conversations SET `+c.me+`_read_id = $1, `+c.me+`_read_at = $2 WHERE id = $3`,
			last, t.now, id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE notifications SET read_at = $1
			WHERE account_id = $2 AND kind = $3 AND subject_id = $4 AND read_at IS NULL`,
			t.now, c.meID, hearth.NotifyMessage, id); err != nil {
			return err
		}
		if c.themID != 0 && c.myReceipts {
			t.publish(&hearth.Event{Topic: hearth.AccountTopic(c.themID), Kind: hearth.EventMessageRead, Subject: id})
		}
		return nil
	})
}

func (s *Store) EraseConversation(ctx context.Context, id int64) error {
	return s.inConv(ctx, id, true, func(t *tx, c *convSide) error {
		return eraseSide(ctx, t, c.convID, c.me, c.themGone)
	})
}

// eraseSide drops one side's key of a conversation, or the conversation
// when the other side's is gone already.
func eraseSide(ctx context.Context, t *tx, id int64, side string, otherGone bool) error {
	if otherGone {
		_, err := t.exec(ctx, `DELETE FROM conversations WHERE id = $1`, id)
		return err
	}
	return t.execOne(ctx, `UPDATE conversations SET `+side+`_key = NULL WHERE id = $1`, id)
}

// eraseConversations, as an account is erased, drops its keys to its
// conversations, and the conversations the other member had erased.
func eraseConversations(ctx context.Context, t *tx, accountID int64) error {
	if _, err := t.exec(ctx, `DELETE FROM conversations
		WHERE (a_id = $1 AND (b_id IS NULL OR b_key IS NULL)) OR (b_id = $1 AND (a_id IS NULL OR a_key IS NULL))`, accountID); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE conversations SET a_key = NULL WHERE a_id = $1`, accountID); err != nil {
		return err
	}
	_, err := t.exec(ctx, `UPDATE conversations SET b_key = NULL WHERE b_id = $1`, accountID)
	return err
}

func (s *Store) MessagePrefs(ctx context.Context) (hearth.MessagePrefs, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return hearth.MessagePrefs{}, err
	}
	var p hearth.MessagePrefs
	err = s.inReads(ctx, func(t *tx) error {
		p, err = messagePrefs(ctx, t, actor)
		return err
	})
	return p, err
}

func (s *Store) SetMessagePrefs(ctx context.Context, p hearth.MessagePrefs) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if p.From != hearth.MessagesFromGroups && p.From != hearth.MessagesFromConnections {
		return &hearth.Error{Code: hearth.EINVALID, Message: "error.form", Fields: map[string]string{"from": "error.message.from_unknown"}}
	}
	return s.inTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO message_prefs (account_id, messages_from, receipts) VALUES ($1, $2, $3)
			ON CONFLICT (account_id) DO UPDATE SET messages_from = excluded.messages_from, receipts = excluded.receipts`,
			actor, p.From, p.Receipts)
		return err
	})
}
