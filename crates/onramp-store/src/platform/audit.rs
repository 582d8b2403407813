//! The audit trail: append-only, hash-chained events, one per state change, written in the same
//! transaction as the change.
//!
//! # What is the chain?
//!
//! Each event has a sequence number (1, 2, …) and a hash that covers its own fields and the hash
//! of the event before it (the first event's predecessor is 64 zeros). The hash is an
//! HMAC-SHA256 under the chain key ([`AuditKey`]), which never lives in the database; each event
//! records the id of the key that made it. Editing an event changes its hash; removing or
//! reordering events breaks the link from one to the next; removing events at the end leaves the
//! chain shorter than the head row `audit_head` records. Without the key, nobody can recompute a
//! chain that verifies. [`verify`] walks the chain and names the first event where any of this
//! shows.
//!
//! # What anchors it?
//!
//! Someone with database access can still remove events at the end and rewind the head, or empty
//! the trail: what is left is a valid, shorter chain. A [`checkpoint::Checkpoint`] — the number of
//! events and the head hash, signed with an Ed25519 key the operator keeps — remembers how long
//! the chain was; [`checkpoint::check`] reports a chain that is shorter than a checkpoint, or whose
//! event at the checkpoint's position has another hash. docs/adr/0004-audit-chain-anchoring.md
//! gives the threat model.
//!
//! # Events from before the key
//!
//! Events written before the chain was keyed carry no key id and a plain SHA-256 hash. They are
//! accepted only as a prefix of the chain: the first keyed event's HMAC covers the last one's
//! hash, so the prefix cannot change without breaking it. An unkeyed event after a keyed one is a
//! break.

pub mod checkpoint;
mod key;

use hmac::Mac;
use sha2::{Digest, Sha256};
use sqlx::{Any, Executor, Row};

use crate::{new_id, StoreError, Tx};

pub use key::{AuditKey, AuditKeyError};

/// The hash the first event links to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something, and from where: carried from the request into every audit event.
#[derive(Clone, Debug, Default)]
pub struct AuditContext {
    /// The user id, or `None` for anonymous requests and the system itself.
    pub actor_id: Option<String>,
    /// The user's email, or `anonymous`, `system`, `cli`.
    pub actor_label: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
}

impl AuditContext {
    /// For work the command line does on an operator's behalf.
    pub fn cli() -> AuditContext {
        AuditContext {
            actor_id: None,
            actor_label: "cli".to_owned(),
            request_id: None,
            client_addr: None,
        }
    }

    /// For work Onramp does by itself (demo seeding, expiry jobs).
    pub fn system() -> AuditContext {
        AuditContext {
            actor_id: None,
            actor_label: "system".to_owned(),
            request_id: None,
            client_addr: None,
        }
    }
}

/// What changed, as the caller describes it.
#[derive(Clone, Debug)]
pub struct Change<'a> {
    /// A dotted verb: `user.created`, `session.login`, `api_token.revoked`, …
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub organization_id: Option<&'a str>,
    /// A human sentence; never secrets, tokens or request bodies.
    pub summary: String,
}

/// A stored event.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub organization_id: Option<String>,
    pub summary: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    /// The id of the chain key that made `hash`; `None` for events from before the chain was keyed.
    pub key_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEvent {
    /// The hash a keyed event must carry: HMAC-SHA256 under `key` over its fields, its key id and
    /// `prev_hash`, each length-prefixed.
    pub fn keyed_hash(&self, key: &AuditKey) -> String {
        let mut mac = key.mac();
        self.encode_fields(&mut |bytes| mac.update(bytes));
        mac.update(&Self::length_prefix(
            self.key_id.as_deref().unwrap_or("\u{0}"),
        ));
        mac.update(self.key_id.as_deref().unwrap_or("\u{0}").as_bytes());
        mac.update(&Self::length_prefix(&self.prev_hash));
        mac.update(self.prev_hash.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The hash an event from before the chain was keyed carries: plain SHA-256 over its fields and
    /// `prev_hash`, each length-prefixed.
    pub fn legacy_hash(&self) -> String {
        let mut hasher = Sha256::new();
        self.encode_fields(&mut |bytes| hasher.update(bytes));
        hasher.update(Self::length_prefix(&self.prev_hash));
        hasher.update(self.prev_hash.as_bytes());
        hex::encode(hasher.finalize())
    }

    fn length_prefix(value: &str) -> [u8; 8] {
        (value.len() as u64).to_be_bytes()
    }

    /// Feeds the event's own fields (not the key id or `prev_hash`), each as an 8-byte big-endian
    /// length and the UTF-8 text; absent values are a single NUL.
    fn encode_fields(&self, update: &mut dyn FnMut(&[u8])) {
        let mut field = |value: &str| {
            update(&Self::length_prefix(value));
            update(value.as_bytes());
        };
        field(&self.seq.to_string());
        field(&self.id);
        field(&self.at.to_string());
        field(self.actor_id.as_deref().unwrap_or("\u{0}"));
        field(&self.actor_label);
        field(&self.action);
        field(&self.entity_type);
        field(&self.entity_id);
        field(self.organization_id.as_deref().unwrap_or("\u{0}"));
        field(&self.summary);
        field(self.request_id.as_deref().unwrap_or("\u{0}"));
        field(self.client_addr.as_deref().unwrap_or("\u{0}"));
    }
}

/// Appends one event to the chain inside `tx`, hashed under the store's chain key. Call it last in
/// the transaction: on PostgreSQL it holds the chain head's row lock until commit.
pub async fn append(
    tx: &mut Tx,
    context: &AuditContext,
    change: Change<'_>,
) -> Result<AuditEvent, StoreError> {
    let key = tx.audit_key()?;
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(tx.conn())
        .await?;
    let event = chained_event(
        head.try_get("seq")?,
        tx.now_ms(),
        context.clone(),
        change,
        &key,
        head.try_get("hash")?,
    );
    insert_events(tx, std::slice::from_ref(&event)).await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&event.hash)
        .execute(tx.conn())
        .await?;
    Ok(event)
}

/// The next event of the chain: `change` by `context` at `at`, numbered `seq`, after the event
/// whose hash is `prev_hash`, and hashed under `key`.
fn chained_event(
    seq: i64,
    at: i64,
    context: AuditContext,
    change: Change<'_>,
    key: &AuditKey,
    prev_hash: String,
) -> AuditEvent {
    let mut event = AuditEvent {
        seq,
        id: new_id(),
        at,
        actor_id: context.actor_id,
        actor_label: context.actor_label,
        action: change.action.to_owned(),
        entity_type: change.entity_type.to_owned(),
        entity_id: change.entity_id.to_owned(),
        organization_id: change.organization_id.map(str::to_owned),
        summary: change.summary,
        request_id: context.request_id,
        client_addr: context.client_addr,
        key_id: Some(key.id().to_owned()),
        prev_hash,
        hash: String::new(),
    };
    event.hash = event.keyed_hash(key);
    event
}

/// Writes `events` (already chained) with one multi-row `INSERT`.
async fn insert_events(tx: &mut Tx, events: &[AuditEvent]) -> Result<(), StoreError> {
    const COLUMNS: usize = 15;
    let mut sql = String::from(
        "INSERT INTO audit_events (seq, id, at, actor_id, actor_label, action, entity_type, \
         entity_id, organization_id, summary, request_id, client_addr, prev_hash, hash, key_id) \
         VALUES ",
    );
    for row in 0..events.len() {
        if row > 0 {
            sql.push_str(", ");
        }
        let placeholders: Vec<String> = (1..=COLUMNS)
            .map(|column| format!("${}", row * COLUMNS + column))
            .collect();
        sql.push('(');
        sql.push_str(&placeholders.join(", "));
        sql.push(')');
    }
    let mut query = sqlx::query(&sql);
    for event in events {
        query = query
            .bind(event.seq)
            .bind(&event.id)
            .bind(event.at)
            .bind(&event.actor_id)
            .bind(&event.actor_label)
            .bind(&event.action)
            .bind(&event.entity_type)
            .bind(&event.entity_id)
            .bind(&event.organization_id)
            .bind(&event.summary)
            .bind(&event.request_id)
            .bind(&event.client_addr)
            .bind(&event.prev_hash)
            .bind(&event.hash)
            .bind(&event.key_id);
    }
    query.execute(tx.conn()).await?;
    Ok(())
}

/// Events per multi-row `INSERT` of [`append_batch`], 15 parameters each. sqlx's SQLite driver looks
/// every parameter up by name among all of the statement's, so the cost per row grows with the
/// statement's width: 25 rows (375 parameters) writes about as fast as any width on both engines.
const BATCH_ROWS: usize = 25;

/// Appends many events to the chain inside `tx`, in order, as [`append`] would one by one — the
/// same rows, hashes and head — but with one head update and one multi-row `INSERT` per
/// [`BATCH_ROWS`] events instead of three statements per event. For bulk writers (`onramp bench seed`); every
/// event carries `tx.now_ms()` as read when the batch is appended. Call it last in the transaction,
/// as [`append`].
pub async fn append_batch(
    tx: &mut Tx,
    changes: Vec<(AuditContext, Change<'_>)>,
) -> Result<usize, StoreError> {
    let n_events = changes.len();
    let Ok(n_events_i64) = i64::try_from(n_events) else {
        return Err(StoreError::Conflict(
            "too many audit events in one batch".to_owned(),
        ));
    };
    if n_events == 0 {
        return Ok(0);
    }
    let key = tx.audit_key()?;
    let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(n_events_i64)
        .fetch_one(tx.conn())
        .await?;
    let last_seq: i64 = head.try_get("seq")?;
    let mut prev_hash: String = head.try_get("hash")?;
    let at = tx.now_ms();
    let mut events = Vec::with_capacity(n_events);
    for (offset, (context, change)) in (1..=n_events_i64).zip(changes) {
        let event = chained_event(
            last_seq - n_events_i64 + offset,
            at,
            context,
            change,
            &key,
            std::mem::take(&mut prev_hash),
        );
        prev_hash.clone_from(&event.hash);
        events.push(event);
    }
    for chunk in events.chunks(BATCH_ROWS) {
        insert_events(tx, chunk).await?;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev_hash)
        .execute(tx.conn())
        .await?;
    Ok(n_events)
}

/// The chain's length: the sequence number of its last event (0 when empty), read from the head.
pub async fn head_seq<'c, E>(db: E) -> Result<i64, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query("SELECT seq FROM audit_head WHERE id = 1")
        .fetch_one(db)
        .await?;
    Ok(row.try_get("seq")?)
}

const EVENT_COLUMNS: &str = "seq, id, at, actor_id, actor_label, action, entity_type, entity_id, \
     organization_id, summary, request_id, client_addr, key_id, prev_hash, hash";

fn event_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        seq: row.try_get("seq")?,
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor_id: row.try_get("actor_id")?,
        actor_label: row.try_get("actor_label")?,
        action: row.try_get("action")?,
        entity_type: row.try_get("entity_type")?,
        entity_id: row.try_get("entity_id")?,
        organization_id: row.try_get("organization_id")?,
        summary: row.try_get("summary")?,
        request_id: row.try_get("request_id")?,
        client_addr: row.try_get("client_addr")?,
        key_id: row.try_get("key_id")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// Which events to list. Every field narrows; `None` means any.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Matches the actor's email (label) or id exactly.
    pub actor: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub organization_id: Option<String>,
    /// Inclusive lower bound, milliseconds.
    pub from_ms: Option<i64>,
    /// Exclusive upper bound, milliseconds.
    pub until_ms: Option<i64>,
}

/// One page of events, newest first, plus whether there are older ones.
#[derive(Clone, Debug)]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    pub total: i64,
}

/// Lists events matching `filter`, newest first, `limit` at a time starting at `offset`.
pub async fn list<'c, E>(
    db: E,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<AuditPage, StoreError>
where
    E: Executor<'c, Database = Any> + Copy,
{
    let (conditions, binds) = filter_conditions(filter);
    let where_clause = where_clause(&conditions);
    let count_sql = format!("SELECT COUNT(*) AS n FROM audit_events{where_clause}");
    let mut count_query = sqlx::query(&count_sql);
    for bind in &binds {
        count_query = bind.bind_to(count_query);
    }
    let total: i64 = count_query.fetch_one(db).await?.try_get("n")?;

    let list_sql = format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events{where_clause} ORDER BY seq DESC LIMIT ${} OFFSET ${}",
        binds.len() + 1,
        binds.len() + 2
    );
    let mut list_query = sqlx::query(&list_sql);
    for bind in &binds {
        list_query = bind.bind_to(list_query);
    }
    let rows = list_query
        .bind(limit.clamp(1, 1000))
        .bind(offset.max(0))
        .fetch_all(db)
        .await?;
    let events = rows
        .iter()
        .map(event_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AuditPage { events, total })
}

/// The SQL conditions `filter` makes (`$1`, `$2`, … in order) and the values they bind.
fn filter_conditions(filter: &AuditFilter) -> (Vec<String>, Vec<BindValue>) {
    let mut conditions = Vec::new();
    let mut binds: Vec<BindValue> = Vec::new();
    if let Some(actor) = &filter.actor {
        binds.push(BindValue::Text(actor.clone()));
        let n = binds.len();
        conditions.push(format!("(actor_label = ${n} OR actor_id = ${n})"));
    }
    for (column, value) in [
        ("entity_type", &filter.entity_type),
        ("entity_id", &filter.entity_id),
        ("organization_id", &filter.organization_id),
    ] {
        if let Some(value) = value {
            binds.push(BindValue::Text(value.clone()));
            conditions.push(format!("{column} = ${}", binds.len()));
        }
    }
    if let Some(from_ms) = filter.from_ms {
        binds.push(BindValue::Int(from_ms));
        conditions.push(format!("at >= ${}", binds.len()));
    }
    if let Some(until_ms) = filter.until_ms {
        binds.push(BindValue::Int(until_ms));
        conditions.push(format!("at < ${}", binds.len()));
    }
    (conditions, binds)
}

/// ` WHERE a AND b`, or nothing when there are no conditions.
fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

/// Events matching `filter` in chain order, the first `limit` after sequence number `after_seq`:
/// an export reads the whole filtered trail a batch at a time (keyset paging, flat memory) by
/// passing the last `seq` it got.
pub async fn list_in_chain_order<'c, E>(
    db: E,
    filter: &AuditFilter,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<AuditEvent>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let (mut conditions, mut binds) = filter_conditions(filter);
    binds.push(BindValue::Int(after_seq));
    conditions.push(format!("seq > ${}", binds.len()));
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events{} ORDER BY seq LIMIT ${}",
        where_clause(&conditions),
        binds.len() + 1
    );
    let mut query = sqlx::query(&sql);
    for bind in &binds {
        query = bind.bind_to(query);
    }
    let rows = query.bind(limit.clamp(1, 1000)).fetch_all(db).await?;
    rows.iter().map(event_from_row).collect()
}

enum BindValue {
    Text(String),
    Int(i64),
}

impl BindValue {
    fn bind_to<'q>(
        &'q self,
        query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
        match self {
            BindValue::Text(text) => query.bind(text.as_str()),
            BindValue::Int(number) => query.bind(*number),
        }
    }
}

/// All events in chain order, for export. Reads in batches so memory stays flat.
pub async fn for_each_in_order<'c, E, F>(db: E, mut visit: F) -> Result<(), StoreError>
where
    E: Executor<'c, Database = Any> + Copy,
    F: FnMut(AuditEvent) -> Result<(), StoreError>,
{
    let mut after_seq = i64::MIN;
    loop {
        let rows = sqlx::query(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT 1000"
        ))
        .bind(after_seq)
        .fetch_all(db)
        .await?;
        if rows.is_empty() {
            return Ok(());
        }
        for row in &rows {
            let event = event_from_row(row)?;
            after_seq = event.seq;
            visit(event)?;
        }
    }
}

/// Where the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The sequence number of the first bad event (for a truncated chain: the first missing one).
    pub seq: i64,
    /// The id of the first bad event, when it exists.
    pub event_id: Option<String>,
    pub reason: String,
}

/// A chain that verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainSummary {
    pub n_events: i64,
    pub head_hash: String,
    /// How many events, from the first, were written before the chain was keyed.
    pub legacy_events: i64,
}

/// Walks the whole chain, checking every keyed event's hash under `key`. `Ok(Err(break))` when it
/// is broken; `Err` only when the database fails.
pub async fn verify<'c, E>(
    db: E,
    key: &AuditKey,
) -> Result<Result<ChainSummary, ChainBreak>, StoreError>
where
    E: Executor<'c, Database = Any> + Copy,
{
    let mut expected_seq = 1_i64;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut legacy_events = 0_i64;
    let mut keyed_seen = false;
    let mut first_break: Option<ChainBreak> = None;
    for_each_in_order(db, |event| {
        if first_break.is_some() {
            return Ok(());
        }
        let broken = |reason: String| ChainBreak {
            seq: event.seq,
            event_id: Some(event.id.clone()),
            reason,
        };
        if event.seq != expected_seq {
            first_break = Some(ChainBreak {
                seq: expected_seq,
                event_id: None,
                reason: format!(
                    "event {expected_seq} is missing: the next stored event is {} (removed?)",
                    event.seq
                ),
            });
        } else if event.prev_hash != prev_hash {
            first_break = Some(broken(format!(
                "event {} does not link to event {}: its previous-hash differs (removed, reordered or edited)",
                event.seq,
                event.seq - 1
            )));
        } else {
            match event.key_id.as_deref() {
                None if keyed_seen => {
                    first_break = Some(broken(format!(
                        "event {} carries no chain key id but follows keyed events: it was rewritten without the chain key",
                        event.seq
                    )));
                }
                None if event.legacy_hash() != event.hash => {
                    first_break = Some(broken(format!(
                        "event {} was changed after it was written: its hash does not match its contents",
                        event.seq
                    )));
                }
                None => legacy_events += 1,
                Some(key_id) if key_id != key.id() => {
                    first_break = Some(broken(format!(
                        "event {} was chained with key {key_id}, not with the configured chain key {}: a wrong key file, or the chain was rewritten with another key",
                        event.seq,
                        key.id()
                    )));
                }
                Some(_) if event.keyed_hash(key) != event.hash => {
                    first_break = Some(broken(format!(
                        "event {} was changed after it was written: its hash does not match its contents under the chain key (edited, or the chain was recomputed without the key)",
                        event.seq
                    )));
                }
                Some(_) => keyed_seen = true,
            }
        }
        expected_seq = event.seq + 1;
        prev_hash = event.hash;
        Ok(())
    })
    .await?;
    if let Some(chain_break) = first_break {
        return Ok(Err(chain_break));
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db)
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    let last_seq = expected_seq - 1;
    if head_seq != last_seq || head_hash != prev_hash {
        return Ok(Err(ChainBreak {
            seq: last_seq + 1,
            event_id: None,
            reason: format!(
                "the chain ends at event {last_seq} but its head records event {head_seq}: events at the end were removed or the head was altered"
            ),
        }));
    }
    Ok(Ok(ChainSummary {
        n_events: last_seq,
        head_hash,
        legacy_events,
    }))
}

/// The stored event with sequence number `seq`, if any.
pub async fn event_at<'c, E>(db: E, seq: i64) -> Result<Option<AuditEvent>, StoreError>
where
    E: Executor<'c, Database = Any>,
{
    let row = sqlx::query(&format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events WHERE seq = $1"
    ))
    .bind(seq)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(event_from_row).transpose()
}
