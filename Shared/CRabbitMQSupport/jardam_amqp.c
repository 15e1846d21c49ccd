#include "jardam_amqp.h"
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <amqp_framing.h>
#include <sys/eventfd.h>
#include <unistd.h>

amqp_rpc_reply_t jardam_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                         int channel_max, int frame_max, int heartbeat,
                                         const char *user, const char *password) {
    return amqp_login(state, vhost, channel_max, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN,
                      user, password);
}

int jardam_amqp_rpc_status(amqp_connection_state_t state) {
    amqp_rpc_reply_t reply = amqp_get_rpc_reply(state);
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return 0;
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION) return reply.library_error;
    return -1;
}

static amqp_table_t make_table(const jardam_amqp_argument *arguments, int count,
                               amqp_table_entry_t *entries) {
    for (int i = 0; i < count; i++) {
        entries[i].key = amqp_cstring_bytes(arguments[i].key);
        if (arguments[i].is_int) {
            entries[i].value.kind = AMQP_FIELD_KIND_I64;
            entries[i].value.value.i64 = arguments[i].int_value;
        } else {
            entries[i].value.kind = AMQP_FIELD_KIND_UTF8;
            entries[i].value.value.bytes = amqp_cstring_bytes(arguments[i].string_value);
        }
    }
    amqp_table_t table = {count, count > 0 ? entries : NULL};
    return table;
}

int jardam_amqp_declare_queue(amqp_connection_state_t state, amqp_channel_t channel,
                              const char *name, const jardam_amqp_argument *arguments, int count) {
    amqp_table_entry_t entries[count > 0 ? count : 1];
    amqp_table_t table = make_table(arguments, count, entries);
    amqp_queue_declare(state, channel, amqp_cstring_bytes(name), 0, 1, 0, 0, table);
    return jardam_amqp_rpc_status(state);
}

int jardam_amqp_publish(amqp_connection_state_t state, amqp_channel_t channel,
                        const char *exchange, const char *routing_key, const char *content_type,
                        const char *message_id, const char *type, const char *user_id, int mandatory,
                        const jardam_amqp_argument *headers, int header_count,
                        const void *body, size_t body_length) {
    amqp_table_entry_t entries[header_count > 0 ? header_count : 1];
    amqp_basic_properties_t props;
    memset(&props, 0, sizeof(props));
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.content_type = amqp_cstring_bytes(content_type);
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    if (message_id) {
        props._flags |= AMQP_BASIC_MESSAGE_ID_FLAG;
        props.message_id = amqp_cstring_bytes(message_id);
    }
    if (type) {
        props._flags |= AMQP_BASIC_TYPE_FLAG;
        props.type = amqp_cstring_bytes(type);
    }
    if (user_id) {
        props._flags |= AMQP_BASIC_USER_ID_FLAG;
        props.user_id = amqp_cstring_bytes(user_id);
    }
    if (header_count > 0) {
        props._flags |= AMQP_BASIC_HEADERS_FLAG;
        props.headers = make_table(headers, header_count, entries);
    }
    amqp_bytes_t bytes = {body_length, (void *)body};
    return amqp_basic_publish(state, channel, amqp_cstring_bytes(exchange),
                              amqp_cstring_bytes(routing_key), mandatory ? 1 : 0, 0, &props, bytes);
}

static void copy_into(char *target, amqp_bytes_t bytes) {
    size_t length = bytes.len < 255 ? bytes.len : 255;
    if (length) memcpy(target, bytes.bytes, length);
    target[length] = 0;
}

static void describe_close(jardam_amqp_returned *returned, uint16_t code, amqp_bytes_t text) {
    memset(returned, 0, sizeof(*returned));
    returned->reply_code = code;
    copy_into(returned->reply_text, text);
}

int jardam_amqp_next_frame(amqp_connection_state_t state, int timeout_ms, int *kind,
                           uint64_t *delivery_tag, int *multiple, jardam_amqp_returned *returned) {
    amqp_frame_t frame;
    struct timeval timeout = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    *kind = JARDAM_FRAME_NONE;
    int status = amqp_simple_wait_frame_noblock(state, &frame, &timeout);
    if (status == AMQP_STATUS_TIMEOUT) return 0;
    if (status != AMQP_STATUS_OK) return status;
    *kind = JARDAM_FRAME_OTHER;
    if (frame.frame_type != AMQP_FRAME_METHOD) return 0;
    switch (frame.payload.method.id) {
    case AMQP_BASIC_ACK_METHOD: {
        amqp_basic_ack_t *ack = frame.payload.method.decoded;
        *kind = JARDAM_FRAME_ACK;
        *delivery_tag = ack->delivery_tag;
        *multiple = ack->multiple;
        break;
    }
    case AMQP_BASIC_NACK_METHOD: {
        amqp_basic_nack_t *nack = frame.payload.method.decoded;
        *kind = JARDAM_FRAME_NACK;
        *delivery_tag = nack->delivery_tag;
        *multiple = nack->multiple;
        break;
    }
    case AMQP_BASIC_RETURN_METHOD: {
        amqp_basic_return_t *back = frame.payload.method.decoded;
        memset(returned, 0, sizeof(*returned));
        copy_into(returned->exchange, back->exchange);
        copy_into(returned->routing_key, back->routing_key);
        amqp_message_t message;
        amqp_rpc_reply_t reply = amqp_read_message(state, frame.channel, &message, 0);
        if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
            return reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error < 0 ? reply.library_error
                                                                                                   : AMQP_STATUS_UNEXPECTED_STATE;
        }
        if (message.properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG) copy_into(returned->message_id, message.properties.message_id);
        amqp_destroy_message(&message);
        *kind = JARDAM_FRAME_RETURN;
        break;
    }
    case AMQP_CHANNEL_CLOSE_METHOD: {
        amqp_channel_close_t *close = frame.payload.method.decoded;
        describe_close(returned, close->reply_code, close->reply_text);
        *kind = JARDAM_FRAME_CLOSED;
        break;
    }
    case AMQP_CONNECTION_CLOSE_METHOD: {
        amqp_connection_close_t *close = frame.payload.method.decoded;
        describe_close(returned, close->reply_code, close->reply_text);
        *kind = JARDAM_FRAME_CLOSED;
        break;
    }
    default:
        break;
    }
    amqp_maybe_release_buffers(state);
    return 0;
}

int jardam_wake_open(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

void jardam_wake_signal(int wake_fd) {
    uint64_t one = 1;
    // EAGAIN means the counter is full, so a wake-up is pending already.
    (void)!write(wake_fd, &one, sizeof one);
}

int jardam_amqp_wait(amqp_connection_state_t state, int wake_fd, int timeout_ms) {
    if (amqp_frames_enqueued(state) || amqp_data_in_buffer(state)) return 1;
    struct pollfd fds[2] = {{amqp_get_sockfd(state), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    int ready = poll(fds, 2, timeout_ms);
    if (ready < 0) return errno == EINTR ? 0 : -errno;
    if (fds[1].revents & POLLIN) {
        uint64_t count;
        (void)!read(wake_fd, &count, sizeof count);
    }
    return (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) ? 1 : 0;
}

static char *copy_bytes(amqp_bytes_t bytes) {
    char *text = malloc(bytes.len + 1);
    if (!text) return NULL;
    if (bytes.len) memcpy(text, bytes.bytes, bytes.len);
    text[bytes.len] = 0;
    return text;
}

/// Copies a message's exchange, routing key, properties and body into out.
static void fill_delivery(jardam_amqp_delivery *out, amqp_bytes_t exchange, amqp_bytes_t routing_key, amqp_message_t *message) {
    out->exchange = copy_bytes(exchange);
    out->routing_key = copy_bytes(routing_key);
    amqp_basic_properties_t *props = &message->properties;
    if (props->_flags & AMQP_BASIC_MESSAGE_ID_FLAG) out->message_id = copy_bytes(props->message_id);
    if (props->_flags & AMQP_BASIC_CONTENT_TYPE_FLAG) out->content_type = copy_bytes(props->content_type);
    if (props->_flags & AMQP_BASIC_USER_ID_FLAG) out->user_id = copy_bytes(props->user_id);
    out->body_length = message->body.len;
    out->body = malloc(out->body_length ? out->body_length : 1);
    if (out->body_length) memcpy(out->body, message->body.bytes, out->body_length);
    if (props->_flags & AMQP_BASIC_HEADERS_FLAG && props->headers.num_entries > 0) {
        int n = props->headers.num_entries;
        out->header_keys = calloc(n, sizeof(char *));
        out->header_values = calloc(n, sizeof(char *));
        for (int i = 0; i < n; i++) {
            amqp_table_entry_t *entry = &props->headers.entries[i];
            char number[32];
            char *value = NULL;
            switch (entry->value.kind) {
            case AMQP_FIELD_KIND_UTF8:
            case AMQP_FIELD_KIND_BYTES:
                value = copy_bytes(entry->value.value.bytes);
                break;
            case AMQP_FIELD_KIND_I8: snprintf(number, sizeof number, "%d", entry->value.value.i8); value = strdup(number); break;
            case AMQP_FIELD_KIND_U8: snprintf(number, sizeof number, "%u", entry->value.value.u8); value = strdup(number); break;
            case AMQP_FIELD_KIND_I16: snprintf(number, sizeof number, "%d", entry->value.value.i16); value = strdup(number); break;
            case AMQP_FIELD_KIND_U16: snprintf(number, sizeof number, "%u", entry->value.value.u16); value = strdup(number); break;
            case AMQP_FIELD_KIND_I32: snprintf(number, sizeof number, "%" PRId32, entry->value.value.i32); value = strdup(number); break;
            case AMQP_FIELD_KIND_U32: snprintf(number, sizeof number, "%" PRIu32, entry->value.value.u32); value = strdup(number); break;
            case AMQP_FIELD_KIND_I64: snprintf(number, sizeof number, "%" PRId64, entry->value.value.i64); value = strdup(number); break;
            case AMQP_FIELD_KIND_U64: snprintf(number, sizeof number, "%" PRIu64, entry->value.value.u64); value = strdup(number); break;
            default: break;
            }
            if (!value) continue;
            out->header_keys[out->header_count] = copy_bytes(entry->key);
            out->header_values[out->header_count] = value;
            out->header_count++;
        }
    }
}

int jardam_amqp_consume(amqp_connection_state_t state, int timeout_ms, jardam_amqp_delivery *out) {
    amqp_envelope_t envelope;
    struct timeval timeout = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    memset(out, 0, sizeof(*out));
    amqp_maybe_release_buffers(state);
    amqp_rpc_reply_t reply = amqp_consume_message(state, &envelope, &timeout, 0);
    if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
        reply.library_error == AMQP_STATUS_TIMEOUT) {
        return 0;
    }
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
        if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error < 0) {
            return reply.library_error;
        }
        return -1;
    }
    out->delivery_tag = envelope.delivery_tag;
    out->redelivered = envelope.redelivered;
    fill_delivery(out, envelope.exchange, envelope.routing_key, &envelope.message);
    amqp_destroy_envelope(&envelope);
    return 1;
}

int jardam_amqp_get(amqp_connection_state_t state, amqp_channel_t channel, const char *queue,
                    jardam_amqp_delivery *out) {
    memset(out, 0, sizeof(*out));
    amqp_maybe_release_buffers(state);
    amqp_rpc_reply_t reply = amqp_basic_get(state, channel, amqp_cstring_bytes(queue), 0);
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) return -1;
    if (reply.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) return 0;
    if (reply.reply.id != AMQP_BASIC_GET_OK_METHOD) return -1;
    amqp_basic_get_ok_t *ok = (amqp_basic_get_ok_t *)reply.reply.decoded;
    out->delivery_tag = ok->delivery_tag;
    out->redelivered = ok->redelivered;
    char *exchange = copy_bytes(ok->exchange);
    char *routing_key = copy_bytes(ok->routing_key);
    amqp_message_t message;
    reply = amqp_read_message(state, channel, &message, 0);
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
        free(exchange);
        free(routing_key);
        return reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error < 0 ? reply.library_error : -1;
    }
    fill_delivery(out, amqp_cstring_bytes(exchange), amqp_cstring_bytes(routing_key), &message);
    free(exchange);
    free(routing_key);
    amqp_destroy_message(&message);
    return 1;
}

void jardam_amqp_delivery_free(jardam_amqp_delivery *delivery) {
    free(delivery->exchange);
    free(delivery->routing_key);
    free(delivery->message_id);
    free(delivery->content_type);
    free(delivery->user_id);
    free(delivery->body);
    for (int i = 0; i < delivery->header_count; i++) {
        free(delivery->header_keys[i]);
        free(delivery->header_values[i]);
    }
    free(delivery->header_keys);
    free(delivery->header_values);
    memset(delivery, 0, sizeof(*delivery));
}
