#include "sqs_poller.hpp"

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::poller::SqsPoller>(localemu::poller::sqsPollerDescriptor()))
