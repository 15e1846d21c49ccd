// The ceiling for publishing: plain rabbitmq-c, persistent messages, publisher confirms with a
// window of unconfirmed messages (the same durability and window as Jardam's AMQPPublisher).
// usage: publish_confirm HOST PORT VHOST USER PASSWORD COUNT SIZE WINDOW [CA_FILE]
// With CA_FILE it speaks TLS and verifies the broker, as the services do over amqps://.
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const char *what) { fprintf(stderr, "publish_confirm: %s\n", what); exit(1); }

int main(int argc, char **argv) {
    if (argc != 9 && argc != 10) die("usage: HOST PORT VHOST USER PASSWORD COUNT SIZE WINDOW [CA_FILE]");
    int port = atoi(argv[2]), count = atoi(argv[6]), size = atoi(argv[7]), window = atoi(argv[8]);
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t *socket;
    if (argc == 10) {
        socket = amqp_ssl_socket_new(conn);
        if (amqp_ssl_socket_set_cacert(socket, argv[9])) die("cannot read the CA file");
        amqp_ssl_socket_set_verify_peer(socket, 1);
        amqp_ssl_socket_set_verify_hostname(socket, 1);
    } else {
        socket = amqp_tcp_socket_new(conn);
    }
    if (amqp_socket_open(socket, argv[1], port)) die("cannot connect");
    if (amqp_login(conn, argv[3], 0, 131072, 10, AMQP_SASL_METHOD_PLAIN, argv[4], argv[5]).reply_type != AMQP_RESPONSE_NORMAL) die("login");
    amqp_channel_open(conn, 1);
    amqp_queue_declare(conn, 1, amqp_cstring_bytes("bench.c"), 0, 1, 0, 0, amqp_empty_table);
    amqp_queue_purge(conn, 1, amqp_cstring_bytes("bench.c"));
    amqp_confirm_select(conn, 1);
    if (amqp_get_rpc_reply(conn).reply_type != AMQP_RESPONSE_NORMAL) die("setup");

    char *body = malloc(size);
    memset(body, 'x', size);
    amqp_basic_properties_t props;
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.content_type = amqp_cstring_bytes("application/cloudevents+json");
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    amqp_bytes_t bytes = {size, body};

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    uint64_t sent = 0, confirmed = 0;
    while (confirmed < (uint64_t)count) {
        while (sent < (uint64_t)count && sent - confirmed < (uint64_t)window) {
            if (amqp_basic_publish(conn, 1, amqp_cstring_bytes(""), amqp_cstring_bytes("bench.c"), 0, 0, &props, bytes)) die("publish");
            sent++;
        }
        amqp_frame_t frame;
        struct timeval timeout = {5, 0};
        if (amqp_simple_wait_frame_noblock(conn, &frame, &timeout) != AMQP_STATUS_OK) die("waiting for confirms");
        if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
            amqp_basic_ack_t *ack = frame.payload.method.decoded;
            confirmed = ack->multiple ? ack->delivery_tag : confirmed + 1;
        } else if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
            die("nacked");
        }
        amqp_maybe_release_buffers(conn);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%.0f\n", count / seconds);
    amqp_queue_delete(conn, 1, amqp_cstring_bytes("bench.c"), 0, 0);
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    return 0;
}
