package org.parloir.xmpp.im;

import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;
import org.parloir.core.UserAddress;
import org.parloir.directory.spi.AccountRemovalListener;
import org.parloir.xmpp.router.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the XMPP service forgets of a deleted account, as Prosody and ejabberd do when a user is removed: its sessions
 * end with {@code not-authorized} (XEP-0077 §3.2), its contacts are unsubscribed both ways (RFC 6121 §2.5.2, as for
 * a roster removal, so their rosters and presence follow), then its roster, offline messages, vCard, private XML
 * and block list are deleted. The deletion runs in the account's serialised work, after what was queued for it.
 */
public final class AccountPurge implements AccountRemovalListener {

    private static final Logger log = LoggerFactory.getLogger(AccountPurge.class);

    private final Im im;
    private final Subscriptions subscriptions;
    private final RosterStore rosters;
    private final VCardStore vcards;
    private final PrivateXmlStore privateXml;

    AccountPurge(Im im, Subscriptions subscriptions, RosterStore rosters, VCardStore vcards,
                 PrivateXmlStore privateXml) {
        this.im = im;
        this.subscriptions = subscriptions;
        this.rosters = rosters;
        this.vcards = vcards;
        this.privateXml = privateXml;
    }

    @Override
    public CompletionStage<Void> accountRemoved(UserAddress address) {
        BareJid bare;
        try {
            // the stores hold bare JIDs as the protocol normalised them
            bare = Im.bare(address.toString());
        } catch (IllegalArgumentException e) {
            // not a JID: nothing of it can be stored here
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        for (ClientSession s : im.registry().sessions(bare)) {
            s.end("not-authorized", "the account was deleted");
        }
        String owner = bare.toString();
        return im.serial().submitEssential(owner, () -> purge(owner));
    }

    private void purge(String owner) {
        for (RosterItem item : im.rosters().of(owner).all()) {
            // the contacts' side runs in their own serialised work: not waited for here (a self-contact would wait
            // for this very task)
            subscriptions.removedFromRoster(owner, item);
        }
        rosters.removeAll(owner);
        im.rosters().forget(owner);
        int offline = im.offline().deleteAll(owner);
        vcards.delete(owner);
        int elements = privateXml.deleteAll(owner);
        im.blocklists().forget(owner);
        log.info("{}: XMPP data deleted with the account ({} offline messages, {} private XML elements)", owner,
                offline, elements);
    }
}
