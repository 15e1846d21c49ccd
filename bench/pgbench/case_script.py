#!/usr/bin/env python3
"""Turns the PostgreSQL log of one case (log_statement = all, log_line_prefix '%m [%p] %u ')
into a pgbench script that runs the same SQL the services ran for it.

    case_script.py SERVER_LOG > case.sql

Only the services' roles (jardam_intake, jardam_legal, ...) count; the key store's roles
(jardam_intake_keys, jardam_medical_keys) work in their own database, so their tables are named
`"keys_intake".person_keys`, `"keys_medical"...` here: bench.sh copies those tables into the
city database under these schemas, and one script runs it all. Connection set-up, LISTEN,
session advisory locks and the benchmark's own person (made once per run, not per case: its
transactions insert into intake.persons and its key, or compare names) are left out. Statements are grouped by backend, in order, so that each
transaction stays whole. Bound parameters become literals; every UUID becomes one that is new on
each pgbench transaction (`:n` is a random 12-digit number), so inserts do not collide.
"""
import re
import sys

ENTRY = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] (jardam_\w+) (LOG|DETAIL|ERROR|STATEMENT):\s+(.*)$")
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
KEY_STORE_SCHEMA = re.compile(r'"(intake|medical)"\.')
SKIP = re.compile(r"^\s*(SET |LISTEN |UNLISTEN |SELECT pg_try_advisory_lock|SELECT pg_advisory_unlock|DEALLOCATE)", re.I)


def entries(lines):
    current = None
    for line in lines:
        match = ENTRY.match(line.rstrip("\n"))
        if match:
            if current:
                yield current
            current = [match.group(1), match.group(2), match.group(3), match.group(4)]
        elif current and line.startswith("\t"):
            current[3] += "\n" + line.rstrip("\n")[1:]
    if current:
        yield current


PERSON = re.compile(r'INSERT INTO "intake"\.persons |\'compare-name\'|INSERT INTO "keys_intake"\.person_keys ')


def transactions(sqls):
    """The statements in blocks: BEGIN … COMMIT/ROLLBACK, or one statement alone."""
    block = []
    for sql in sqls:
        block.append(sql)
        if not re.match(r"BEGIN\b", block[0], re.I) or re.match(r"(COMMIT|ROLLBACK)\b", sql, re.I):
            yield block
            block = []
    if block:
        yield block


RELAY_POLL = re.compile(r'^SELECT position, event_id, event_type, body FROM "(\w+)"\.outbox WHERE published_at IS NULL')
RELAY_MARK = re.compile(r'^UPDATE "(\w+)"\.outbox SET published_at = now\(\) WHERE position = ANY\(\'\{([\d,]*)\}\'')
OUTBOX_INSERT = re.compile(r'^(?:WITH appended AS \(\s*)?INSERT INTO "(\w+)"\.outbox \(event_id, [^)]*\) VALUES \(\'([0-9a-f-]{36})\'')


def relay_work(sqls):
    """A relay's statements as they act on this script's rows: a poll counts only when rows
    came of it (a mark follows; idle polls happen once a second, not once per case), and a mark
    names the events this script wrote instead of the positions of the captured run."""
    pending = {}  # schema -> event ids inserted, not yet marked
    out = []
    for index, sql in enumerate(sqls):
        insert = OUTBOX_INSERT.match(sql)
        if insert:
            pending.setdefault(insert.group(1), []).append(insert.group(2))
        poll = RELAY_POLL.match(sql)
        if poll and not (index + 1 < len(sqls) and RELAY_MARK.match(sqls[index + 1])):
            continue
        mark = RELAY_MARK.match(sql)
        if mark:
            schema, count = mark.group(1), len(mark.group(2).split(","))
            ids, pending[schema] = pending.get(schema, [])[:count], pending.get(schema, [])[count:]
            if not ids:
                continue
            sql = f'UPDATE "{schema}".outbox SET published_at = now() WHERE event_id IN (' + ", ".join(f"'{i}'" for i in ids) + ")"
        out.append(sql)
    return out


def main():
    statements = {}  # pid -> [sql]
    last = {}  # pid -> index of its last statement (for its parameters)
    for pid, role, kind, text in entries(open(sys.argv[1], encoding="utf-8", errors="replace")):
        if role == "jardam_admin":
            continue
        if kind == "LOG":
            match = re.match(r"(?:statement|execute [^:]+):\s*(.*)", text, re.S)
            if not match or SKIP.match(match.group(1)):
                continue
            sql = match.group(1).strip().rstrip(";")
            if role.endswith("_keys"):
                sql = KEY_STORE_SCHEMA.sub(r'"keys_\1".', sql)
            statements.setdefault(pid, []).append(sql)
            last[pid] = len(statements[pid]) - 1
        elif kind == "DETAIL" and text.startswith("parameters:") and pid in last:
            values = {int(n): v for n, v in PARAM.findall(text)}
            sql = statements[pid][last[pid]]
            for n in sorted(values, reverse=True):
                sql = sql.replace(f"${n}", values[n])
            statements[pid][last[pid]] = sql
    blocks = [block for sqls in statements.values() for block in transactions(relay_work(sqls))]
    # The person stays the one the benchmark made: its id is kept as it is.
    kept = {m.lower() for block in blocks if any(PERSON.search(sql) for sql in block) for sql in block for m in UUID.findall(sql)}
    ids = {}

    def fresh(match):
        key = match.group(0).lower()
        if key in kept:
            return match.group(0)
        ids.setdefault(key, len(ids) + 1)
        return f"{ids[key]:08x}-0000-4000-8000-:n"

    print("\\set n random(100000000000, 999999999999)")
    count = 0
    for block in blocks:
        if any(PERSON.search(sql) for sql in block):
            continue
        for sql in block:
            print(UUID.sub(fresh, sql).replace("\n", " ") + ";")
            count += 1
    print(f"-- {count} statements from {len(statements)} backends", file=sys.stderr)


if __name__ == "__main__":
    main()
