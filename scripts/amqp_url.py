"""pika connection parameters from a Jardam AMQP URL, as the services read it.

`amqps://user:pass@host:port/vhost?cacertfile=/path/ca.crt` speaks TLS and verifies the broker's
certificate against that CA (RabbitMQ's URI query parameter) and its host name; `amqp://` is plain.
pika knows no `cacertfile`, so the query is turned into its SSLOptions here.
"""

import ssl
import urllib.parse

import pika


def parameters(url):
    """pika.URLParameters for `url`, with a verifying TLS context for amqps://."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    result = pika.URLParameters(urllib.parse.urlunsplit(parts._replace(query="")))
    if parts.scheme == "amqps":
        context = ssl.create_default_context(cafile=query.get("cacertfile", [None])[0])
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        result.ssl_options = pika.SSLOptions(context, server_hostname=parts.hostname)
    return result
