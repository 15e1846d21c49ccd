#!/usr/bin/env python3
"""Reads Jardam's events as a partner's own tools would, and checks them against docs/asyncapi.yaml.

Nothing here comes from the Swift code: pika reads the broker, the CloudEvents Python SDK's
RabbitMQ binding reads each message, jsonschema (format checking on) validates it against the
schema docs/asyncapi.yaml gives its channel.

    check-events.py tap                 declare the tap queues on jardam.events, jardam.partners and jardam.network
    check-events.py check [--journey]   drain them and check every message; with --journey, every
                                        type the demo journey produces must have been seen
    check-events.py files DIR           check message files written by a test (DIR/<exchange>/<name>.json,
                                        with a .key file holding the routing key)

The broker is JARDAM_AMQP_URL (an operator's user). The exit status is the verdict.
"""
import json
import os
import pathlib
import re
import sys

import jsonschema
import pika
import yaml
from cloudevents.core.bindings import rabbitmq

import amqp_url

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXCHANGES = ("jardam.events", "jardam.partners", "jardam.network")
TAP = {exchange: f"test.wire-tap.{exchange}" for exchange in EXCHANGES}
CONTENT_TYPE = "application/cloudevents+json"
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
PARTNER_SUFFIX = re.compile(r"\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# A case handed over goes under the receiving city's name on jardam.network, its answer under the
# sending city's.
TRANSFER_KEY = re.compile(r"^(network\.case\.transfer-(requested|accepted|rejected|cancelled)\.v1)\.[a-z][a-z0-9-]*$")
TRANSFER_CITY = {"requested": "{toCity}", "accepted": "{fromCity}", "rejected": "{fromCity}", "cancelled": "{toCity}"}

# What `jardamctl demo journey` (after `seed demo`) makes the city publish. The other types of the
# catalogue are checked from files by ContractsTests' "every catalogue type" test.
JOURNEY = {
    "jardam.events": {
        "intake.case.registered.v1", "intake.hotline.call-logged.v1",
        "legal.referral.proposed.v1", "legal.referral.accepted.v1", "legal.employer.flagged.v1",
        "shelter.booking.held.v1", "shelter.booking.confirmed.v1", "shelter.booking.checked-in.v1",
        "shelter.occupancy.changed.v1",
        "medical.coverage.checked.v1", "medical.plan.recommended.v1",
        "labor.vacancy.published.v1", "labor.vacancy.suspended.v1", "labor.match.proposed.v1",
        "labor.placement.started.v1",
    },
    "jardam.partners": {
        "intake.hotline.call-logged.v1", "legal.referral.proposed.v1.{partnerId}", "legal.referral.accepted.v1.{partnerId}",
        "legal.employer.flagged.v1", "shelter.occupancy.changed.v1", "labor.vacancy.published.v1",
        "labor.vacancy.suspended.v1",
    },
    # The city's network service tells the network of the flag.
    "jardam.network": {"network.employer.flagged.v1"},
}


class Catalogue:
    """The channels of docs/asyncapi.yaml, each with a validator of its message payload."""

    def __init__(self):
        self.document = yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text())
        self.validators = {}

    def channel(self, exchange, routing_key):
        """The channel name a message is documented under."""
        if exchange == "jardam.events":
            return routing_key
        if exchange == "jardam.network":
            return "jardam.network/" + TRANSFER_KEY.sub(lambda m: f"{m.group(1)}.{TRANSFER_CITY[m.group(2)]}", routing_key)
        return "jardam.partners/" + PARTNER_SUFFIX.sub(".{partnerId}", routing_key)

    def validator(self, channel):
        if channel not in self.validators:
            spec = self.document["channels"].get(channel)
            if spec is None:
                return None
            pointer = spec["publish"]["message"]["$ref"] + "/payload"
            # The whole document is the schema resource, so that every '#/components/...' resolves.
            schema = dict(self.document, **{"$ref": pointer})
            self.validators[channel] = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        return self.validators[channel]


def problems_of(catalogue, exchange, routing_key, message_id, content_type, body):
    """Everything wrong with one message; empty when it reads right."""
    found = []
    if content_type != CONTENT_TYPE:
        found.append(f"content_type is {content_type!r}, not {CONTENT_TYPE}")
    try:
        event = rabbitmq.from_rabbitmq_event(rabbitmq.RabbitMQMessage(headers={}, content_type=content_type, body=body))
    except Exception as error:  # the SDK's own refusal, whatever its class
        return found + [f"the CloudEvents SDK cannot read it: {error}"]
    if message_id != event.get_id():
        found.append(f"message_id {message_id!r} is not the event id {event.get_id()!r}")
    expected_type = {
        "jardam.partners": PARTNER_SUFFIX.sub("", routing_key),
        "jardam.network": TRANSFER_KEY.sub(r"\1", routing_key),
    }.get(exchange, routing_key)
    if event.get_type() != expected_type:
        found.append(f"type {event.get_type()} under routing key {routing_key}")
    for uuid in UUID.findall(body.decode()):
        if uuid != uuid.lower():
            found.append(f"an upper-case UUID {uuid}")
    validator = catalogue.validator(catalogue.channel(exchange, routing_key))
    if validator is None:
        found.append("no channel of docs/asyncapi.yaml documents it")
    else:
        for error in validator.iter_errors(json.loads(body)):
            found.append(f"{'/'.join(map(str, error.absolute_path)) or '(envelope)'}: {error.message}")
    return found


def connect():
    url = os.environ.get("JARDAM_AMQP_URL") or sys.exit("check-events: JARDAM_AMQP_URL is not set")
    return pika.BlockingConnection(amqp_url.parameters(url))


def tap():
    connection = connect()
    channel = connection.channel()
    for exchange, queue in TAP.items():
        channel.queue_declare(queue, durable=True)
        channel.queue_purge(queue)
        channel.queue_bind(queue, exchange, routing_key="#")
    connection.close()
    print(f"check-events: tapping {', '.join(EXCHANGES)}")


def check(journey):
    catalogue = Catalogue()
    connection = connect()
    channel = connection.channel()
    failures, seen, count = [], {exchange: set() for exchange in EXCHANGES}, 0
    for exchange, queue in TAP.items():
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                break
            count += 1
            seen[exchange].add(catalogue.channel(exchange, method.routing_key).removeprefix(exchange + "/"))
            for problem in problems_of(catalogue, exchange, method.routing_key, properties.message_id, properties.content_type, body):
                failures.append(f"{exchange} {method.routing_key}: {problem}")
        channel.queue_delete(queue)
    connection.close()
    if journey:
        for exchange, types in JOURNEY.items():
            for missing in sorted(types - seen[exchange]):
                failures.append(f"{exchange}: the journey published no {missing}")
    report(failures, count, seen)


def files(directory):
    catalogue = Catalogue()
    failures, seen, count = [], {exchange: set() for exchange in EXCHANGES}, 0
    for exchange in EXCHANGES:
        for path in sorted((pathlib.Path(directory) / exchange).glob("*.json")):
            count += 1
            routing_key = path.with_suffix(".key").read_text().strip()
            message_id = path.with_suffix(".id").read_text().strip()
            seen[exchange].add(catalogue.channel(exchange, routing_key).removeprefix(exchange + "/"))
            for problem in problems_of(catalogue, exchange, routing_key, message_id, CONTENT_TYPE, path.read_bytes()):
                failures.append(f"{exchange} {routing_key}: {problem}")
    report(failures, count, seen)


def report(failures, count, seen):
    kinds = sum(len(types) for types in seen.values())
    for failure in failures:
        print(f"check-events: {failure}", file=sys.stderr)
    for exchange, types in seen.items():
        print(f"check-events: {exchange}: {', '.join(sorted(types)) or 'nothing'}")
    print(f"check-events: {count} messages of {kinds} channels read; {len(failures)} problems")
    sys.exit(1 if failures or count == 0 else 0)


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["tap"]:
            tap()
        case ["check"]:
            check(journey=False)
        case ["check", "--journey"]:
            check(journey=True)
        case ["files", directory]:
            files(directory)
        case _:
            sys.exit(__doc__)
