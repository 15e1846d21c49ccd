#ifndef JARDAM_AMQP_H
#define JARDAM_AMQP_H
#include <amqp.h>

/// amqp_login with SASL PLAIN, without varargs: Swift cannot call variadic C functions.
amqp_rpc_reply_t jardam_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                         int channel_max, int frame_max, int heartbeat,
                                         const char *user, const char *password);
#endif
