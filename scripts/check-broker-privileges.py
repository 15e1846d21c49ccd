#!/usr/bin/env python3
"""Tries, with each service's own broker credentials, everything a service must not do, and
expects the broker to refuse each act (ACCESS_REFUSED, 403); and checks that what a service must
do is allowed. pika speaks for the service, as any client would: nothing here is our Swift code.

The forbidden acts, for each service S and each other service O:
  publish O's event type on jardam.events or jardam.partners;  publish to the default exchange;
  publish under O's queue's name on jardam.retry or jardam.dead-letter;  publish with another
  user's user_id;  declare, delete, purge or read O's queue;  declare or delete an exchange.
The allowed ones: publish S's own event types as itself, read S's own queue. Only the network
service may publish on jardam.network (CONTRACT.md §7), and only its own network.* types.

Needs .run/<city>/env's <PREFIX>_AMQP_URL for every service, and the city topology declared
(`jardamctl topology declare`). The exit status is the verdict.

    check-broker-privileges.py
"""
import os
import sys
import uuid

import pika

import amqp_url

SERVICES = {  # executable: (variable prefix, event schema)
    "intake": ("INTAKE", "intake"),
    "legal-referral": ("LEGAL", "legal"),
    "shelter": ("SHELTER", "shelter"),
    "medical-insurance": ("MEDICAL", "medical"),
    "labor-exchange": ("LABOR", "labor"),
    "network": ("NETWORK", "network"),
}
ACCESS_REFUSED = 403


def connect(url):
    parameters = amqp_url.parameters(url)
    parameters.connection_attempts = 3
    connection = pika.BlockingConnection(parameters)
    channel = connection.channel()
    channel.confirm_delivery()
    return connection, channel


def outcome(url, act):
    """Runs act(channel) on a fresh channel: 'ok', or the broker's reply code that closed it."""
    connection, channel = connect(url)
    try:
        act(channel)
        return "ok"
    except pika.exceptions.ChannelClosedByBroker as closed:
        return closed.reply_code
    except pika.exceptions.ConnectionClosedByBroker as closed:
        return closed.reply_code
    finally:
        if connection.is_open:
            connection.close()


def publish(exchange, key, user_id=None):
    properties = pika.BasicProperties(content_type="application/cloudevents+json", delivery_mode=2,
                                      message_id=str(uuid.uuid4()), user_id=user_id)
    return lambda channel: channel.basic_publish(exchange, key, b"{}", properties)


def main():
    urls = {name: os.environ.get(f"{prefix}_AMQP_URL") for name, (prefix, _) in SERVICES.items()}
    missing = [name for name, url in urls.items() if not url]
    if missing:
        sys.exit(f"check-broker-privileges: no AMQP URL for {', '.join(missing)} (load .run/<city>/env)")
    problems, tried = [], 0

    def expect(name, what, act, refused=ACCESS_REFUSED):
        nonlocal tried
        tried += 1
        result = outcome(urls[name], act)
        if refused and result != refused:
            problems.append(f"{name} may {what} (got {result}, expected the broker's {refused})")
        if not refused and result != "ok":
            problems.append(f"{name} may not {what} (got {result})")

    for name, (_, schema) in SERVICES.items():
        queue = f"{name}.events"
        user = f"jardam-{name}"
        expect(name, f"publish its own {schema}.* event", publish("jardam.events", f"{schema}.test-only.v1", user), refused=None)
        # Unsettled, the letter goes back to the queue when the connection closes.
        expect(name, "read its own dead letters", lambda c, q=queue: c.basic_get(f"{q}.dead-letter", auto_ack=False), refused=None)
        expect(name, "publish to the default exchange", publish("", queue))
        # RabbitMQ checks user_id against the login: PRECONDITION_FAILED.
        expect(name, "publish with another user's user_id", publish("jardam.events", f"{schema}.test-only.v1", "jardam"), refused=406)
        expect(name, "declare an exchange", lambda c: c.exchange_declare("jardam.events", "topic", durable=True))
        expect(name, "delete an exchange", lambda c: c.exchange_delete("jardam.partners"))
        if name == "network":
            expect(name, "publish its own event on jardam.network", publish("jardam.network", "network.test-only.v1", user), refused=None)
            expect(name, "publish another service's event on jardam.network", publish("jardam.network", "legal.employer.flagged.v1", user))
        else:
            expect(name, "publish on jardam.network", publish("jardam.network", f"{schema}.employer.flagged.v1", user))
            expect(name, "publish a network event on jardam.network", publish("jardam.network", "network.employer.flagged.v1", user))
        for other, (_, other_schema) in SERVICES.items():
            if other == name:
                continue
            theirs = f"{other}.events"
            expect(name, f"publish {other}'s event on jardam.events", publish("jardam.events", f"{other_schema}.case.forged.v1"))
            expect(name, f"publish {other}'s event on jardam.partners", publish("jardam.partners", f"{other_schema}.case.forged.v1"))
            expect(name, f"publish into {theirs} through jardam.retry", publish("jardam.retry", theirs))
            expect(name, f"publish into {theirs}'s retries", publish("jardam.retry", f"{theirs}.retry.1000ms"))
            expect(name, f"publish into {theirs}.dead-letter", publish("jardam.dead-letter", theirs))
            expect(name, f"declare {theirs}",
                   lambda c, q=theirs: c.queue_declare(q, durable=True, arguments={"x-queue-type": "quorum"}))
            expect(name, f"delete {theirs}", lambda c, q=theirs: c.queue_delete(q))
            expect(name, f"purge {theirs}", lambda c, q=theirs: c.queue_purge(q))
            expect(name, f"read {theirs}", lambda c, q=theirs: c.basic_get(q, auto_ack=False))
            expect(name, f"read {theirs}.dead-letter", lambda c, q=theirs: c.basic_get(f"{q}.dead-letter", auto_ack=False))
    # The user the other cities' federation links log in as: federation's own queue and exchange,
    # reading jardam.network, nothing else.
    federation = os.environ.get("JARDAM_FEDERATION_URI")
    if not federation:
        problems.append("no JARDAM_FEDERATION_URI (load .run/<city>/env)")
    else:
        urls["jardam-federation"] = federation
        for what, act in [
            ("read intake.events", lambda c: c.basic_get("intake.events", auto_ack=False)),
            ("publish on jardam.events", publish("jardam.events", "legal.employer.flagged.v1")),
            ("publish on jardam.network", publish("jardam.network", "network.employer.flagged.v1")),
            ("declare a queue of its own naming", lambda c: c.queue_declare("copy.of.everything", durable=True)),
            ("bind a federation queue to jardam.events",
             lambda c: c.queue_bind("federation: jardam.network -> jardam-elsewhere", "jardam.events", "#")),
        ]:
            expect("jardam-federation", what, act)
    for problem in problems:
        print(f"check-broker-privileges: {problem}", file=sys.stderr)
    print(f"check-broker-privileges: {tried} acts tried with the services' own credentials; {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
