package org.parloir.sip.stack;

/** A stream message processor whose accepted connections must deliver a complete message in time. */
interface SetupGuarded {

    IncompleteConnections incomplete();
}
