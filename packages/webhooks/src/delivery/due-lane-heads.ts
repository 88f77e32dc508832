/**
 * The messages a worker may attempt at `$1` (a timestamptz parameter), as a FROM … WHERE over
 * `webhook_messages m` joined to its endpoint `e`, active (or disabled, for a test event: an
 * admin's test shows whether it works again): pending, due, not leased, and the head
 * of their lane (no older message of the same endpoint and account is pending; two probes of the
 * (endpoint, account, seq) index: an account's, or test events'). The dispatcher claims from
 * these; the backlog's delivery lag is the oldest of them, so both agree on what "could be sent
 * now" means.
 */
export const DUE_LANE_HEADS_SQL = `webhook_messages m
         JOIN webhook_endpoints e ON e.id = m.endpoint_id
              AND (e.status = 'active' OR m.account_id IS NULL)
        WHERE m.state = 'pending' AND m.next_attempt_at <= $1
          AND (m.lease_until IS NULL OR m.lease_until < $1)
          AND CASE WHEN m.account_id IS NULL
                THEN NOT EXISTS (SELECT 1 FROM webhook_messages older
                                  WHERE older.endpoint_id = m.endpoint_id AND older.account_id IS NULL
                                    AND older.seq < m.seq AND older.state = 'pending')
                ELSE NOT EXISTS (SELECT 1 FROM webhook_messages older
                                  WHERE older.endpoint_id = m.endpoint_id AND older.account_id = m.account_id
                                    AND older.seq < m.seq AND older.state = 'pending')
              END`;
