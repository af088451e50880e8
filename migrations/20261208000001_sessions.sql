-- Sessions move from tower-sessions-sqlx-store's table to our own, whose rows name the
-- user they belong to: loading a session then reads its user in the same query (one
-- round trip per signed-in request instead of two), and deleting an account deletes
-- its sessions. `data` is the session record as JSON (`auth`: user id, epoch, times).
-- The old table's rows are msgpack, which SQL cannot read: everyone signs in again once.
create table sessions (
    id          text primary key,
    user_id     uuid references users (id) on delete cascade,
    data        jsonb not null,
    expiry_date timestamptz not null
);
create index sessions_expiry_idx on sessions (expiry_date);
create index sessions_user_idx on sessions (user_id);

drop schema if exists tower_sessions cascade;
