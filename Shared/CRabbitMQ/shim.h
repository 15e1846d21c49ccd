#ifndef JARDAM_CRABBITMQ_SHIM_H
#define JARDAM_CRABBITMQ_SHIM_H
// Debian 12 ships librabbitmq 0.11 with its headers directly under /usr/include.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#include <amqp_framing.h>
#endif
