"""The README's main job: every provider's bind conversation over real HTTP on 127.0.0.1, each
step printed with its unified outcome (the mocks and flows are ``cardbind.testing``). Run: ``./scripts/demo.sh`` (or ``python demo.py`` with
the package installed)."""

from __future__ import annotations

from cardbind import testing

FLOWS = [
    testing.lianlian_flow,
    testing.xianjincard_flow,
    testing.yixin_flow,
    testing.vbao_flow,
    testing.huanbei_flow,
]


def main() -> int:
    for flow in FLOWS:
        talk = flow()
        print(f"\n== {talk.provider}")
        for step in talk:
            if step.error is not None:
                print(f"  {step.name:<44} raised {type(step.error).__name__} (kind={step.error.kind}): {step.error}")
                continue
            outcome = step.outcome
            assert outcome is not None
            kind = f" kind={outcome.kind} retryable={outcome.retryable}" if outcome.kind else ""
            token = f" confirm_token={outcome.confirm_token}" if outcome.confirm_token else ""
            message = f" message={outcome.provider_message}" if outcome.provider_message else ""
            detail = f" ({step.detail})" if step.detail else ""
            print(f"  {step.name:<44} {outcome.status}{kind}{token} code={outcome.provider_code}{message}{detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
