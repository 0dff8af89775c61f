/* localemu/localemu.h — the whole plugin ABI in one include. */
#ifndef LOCALEMU_LOCALEMU_H
#define LOCALEMU_LOCALEMU_H

#include "localemu/abi.h"
#include "localemu/bus.h"
#include "localemu/call.h"
#include "localemu/config.h"
#include "localemu/executor.h"
#include "localemu/host.h"
#include "localemu/metrics.h"
#include "localemu/plugin.h"
#include "localemu/poller.h"
#include "localemu/registry.h"
#include "localemu/resolver.h"
#include "localemu/service.h"
#include "localemu/store.h"
#include "localemu/timers.h"

#endif /* LOCALEMU_LOCALEMU_H */
