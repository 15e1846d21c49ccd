#ifndef JARDAM_AMQP_H
#define JARDAM_AMQP_H
#include <stddef.h>
#include <stdint.h>
#include <amqp.h>

// Glue for what Swift cannot call or build comfortably: variadic login, property and argument
// tables (unions and flag macros), frames read while waiting for publisher confirms, and a
// wake-up descriptor. Every function but jardam_wake_open and jardam_wake_signal works on one
// connection and must be called from that connection's thread.

/// amqp_login with SASL PLAIN, without varargs.
amqp_rpc_reply_t jardam_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                         int channel_max, int frame_max, int heartbeat,
                                         const char *user, const char *password);

/// One queue or header argument: a string, or an integer when is_int is non-zero.
typedef struct {
    const char *key;
    const char *string_value;
    int64_t int_value;
    int is_int;
} jardam_amqp_argument;

/// Declares a durable queue with arguments; returns 0 or an AMQP status / -1 on a broker refusal.
int jardam_amqp_declare_queue(amqp_connection_state_t state, amqp_channel_t channel,
                              const char *name, const jardam_amqp_argument *arguments, int count);

/// Publishes a persistent message with content type, message id, type, user id (the broker checks
/// it is the connection's user) and string headers; `mandatory` asks the broker to return it
/// (Basic.Return) when no queue takes it.
int jardam_amqp_publish(amqp_connection_state_t state, amqp_channel_t channel,
                        const char *exchange, const char *routing_key, const char *content_type,
                        const char *message_id, const char *type, const char *user_id, int mandatory,
                        const jardam_amqp_argument *headers, int header_count,
                        const void *body, size_t body_length);

/// What a frame read while publishing means.
enum {
    JARDAM_FRAME_NONE = 0,      ///< timeout: nothing arrived
    JARDAM_FRAME_ACK = 1,       ///< Basic.Ack: delivery_tag (and all before it when multiple)
    JARDAM_FRAME_NACK = 2,      ///< Basic.Nack
    JARDAM_FRAME_CLOSED = 3,    ///< the broker closed the channel or connection
    JARDAM_FRAME_OTHER = 4,     ///< heartbeat or a frame of no interest
    JARDAM_FRAME_RETURN = 5,    ///< Basic.Return of a mandatory message no queue took
};

/// What a Basic.Return names: the message's exchange, routing key and id; for a Channel.Close or
/// Connection.Close, the broker's reply code and text (each string at most 255 bytes,
/// NUL-terminated; empty when absent).
typedef struct {
    char exchange[256];
    char routing_key[256];
    char message_id[256];
    uint16_t reply_code;
    char reply_text[256];
} jardam_amqp_returned;

/// Waits up to timeout_ms for one frame; returns 0 or an AMQP status (socket error). A
/// Basic.Return is read whole (its header and body) and described in `returned`, a close's
/// reason too.
int jardam_amqp_next_frame(amqp_connection_state_t state, int timeout_ms, int *kind,
                           uint64_t *delivery_tag, int *multiple, jardam_amqp_returned *returned);

/// A wake-up file descriptor (an eventfd) that another thread signals to end a
/// jardam_amqp_wait early; -1 when none could be made. Close it with close(2).
int jardam_wake_open(void);

/// Signals a wake-up descriptor: the next or current jardam_amqp_wait on it returns.
void jardam_wake_signal(int wake_fd);

/// Waits up to timeout_ms until the connection has something to read or wake_fd is signalled
/// (the signal is consumed): 1 something to read, 0 woken or timed out, negative an errno.
/// Frames rabbitmq-c already buffered count as something to read.
int jardam_amqp_wait(amqp_connection_state_t state, int wake_fd, int timeout_ms);

/// A delivery copied out of rabbitmq-c's buffers; free with jardam_amqp_delivery_free.
typedef struct {
    uint64_t delivery_tag;
    int redelivered;
    char *exchange;  ///< the exchange the message was published to ("" for the default one)
    char *routing_key;
    char *message_id;
    char *content_type;
    char *user_id;  ///< the publisher's broker user, as the broker checked it; NULL when unset
    void *body;
    size_t body_length;
    int header_count;
    char **header_keys;
    char **header_values;  ///< integers rendered in decimal; other kinds are skipped
} jardam_amqp_delivery;

/// Waits up to timeout_ms for a delivery: 1 delivered, 0 timeout, negative an error status.
int jardam_amqp_consume(amqp_connection_state_t state, int timeout_ms, jardam_amqp_delivery *out);

/// Basic.Get without auto-ack: 1 a message (settle it by its tag), 0 the queue is empty,
/// negative an error status (-1: the broker refused, e.g. ACCESS_REFUSED or no such queue).
int jardam_amqp_get(amqp_connection_state_t state, amqp_channel_t channel, const char *queue,
                    jardam_amqp_delivery *out);

void jardam_amqp_delivery_free(jardam_amqp_delivery *delivery);

/// The reply of the last RPC as 0, or -1 when it failed.
int jardam_amqp_rpc_status(amqp_connection_state_t state);

#endif
