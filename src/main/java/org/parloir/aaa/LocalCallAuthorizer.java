package org.parloir.aaa;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.AuthorizationResult;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.aaa.api.CallPolicy;

/** No RADIUS server configured: every authenticated caller may call any number, digests are verified locally. */
final class LocalCallAuthorizer implements CallAuthorizer {

    private static final CompletionStage<AuthorizationResult> ACCEPT =
            CompletableFuture.completedStage(new AuthorizationResult.Accept(CallPolicy.unrestricted()));

    @Override
    public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
        return ACCEPT;
    }

    @Override
    public boolean verifiesDigest(String domain) {
        return false;
    }
}
