"""A small course in a throwaway content folder: its index, two lessons and its finish page."""

from __future__ import annotations

from pathlib import Path

from tests.support.files import write

COURSE_INDEX = """\
---
kind: course
title: Staying safe online
description: Short lessons that help you spot tricks and keep your accounts safe.
lessons:
  - spot-a-fake-email
  - lock-your-screen
owner: Service Desk
reviewed: 2026-01-15
tags: [learn]
phrases: [security awareness]
---

# Staying safe online

For everyone who uses email at work. You will learn to spot tricks before they work.
"""

LESSON = """\
---
kind: lesson
title: Spot a fake email
description: Learn the signs of a fake email so you can report it before it does harm.
minutes: 4
tags: [security, learn]
phrases: [fake email signs]
owner: Service Desk
reviewed: 2026-01-15
---

# Spot a fake email

Fake emails try to get your password. Here is how to spot them.

## Look at the sender

Check who sent it. A real message from us comes from an address that ends in our name.

## If it happens anyway

- [I clicked a suspicious link](../../security/clicked-link.md): what to do straight away.

## Check what you learned

!!! check "An email from “IT Support” asks for your password. What do you do?"
    Choose one.

    - [ ] Reply with your password so they can fix your account.
        The service desk never asks for your password, by email or by phone.
    - [x] Report the email with the **Report phishing** button.
        Reporting it lets the security team warn everyone else.
    - [ ] Delete it and forget about it.
        Deleting it keeps you safe, but reporting it also protects your colleagues.

!!! check "Which of these are signs of a fake email?"
    Choose all that apply.

    - [x] It asks you to act `right now`.
        Pressure is a common trick. Take a moment to check.
    - [x] The sender's address looks odd.
        A real message comes from [our own address](https://example.org).
    - [ ] It has our logo.
        Anyone can copy a logo, so a logo alone proves nothing.
"""

SECOND_LESSON = """\
---
kind: lesson
title: Lock your screen
description: Lock your screen when you step away, so nobody else can use your account.
minutes: 2
tags: [security, learn]
phrases: [lock screen]
owner: Service Desk
reviewed: 2026-01-15
---

# Lock your screen

When you step away, lock your screen. It takes one second.

## How to lock it

Press the Windows key and L together.

## If it happens anyway

- [Someone used my account](../../security/clicked-link.md): what to do.

## Check what you learned

!!! check "You go to get a coffee. What do you do first?"
    Choose one.

    - [x] Lock your screen.
        Locking it keeps your account yours while you are away.
    - [ ] Leave it open.
        An open screen lets anyone send email as you.
"""

FINISHED = """\
---
kind: course-finished
title: "You finished: Staying safe online"
description: What you learned in Staying safe online, and where to find help.
owner: Service Desk
reviewed: 2026-01-15
tags: [learn]
---

# You finished: Staying safe online

Well done. You now know how to spot a fake email.

## What you learned

- How to spot a fake email.

## Keep this handy

- [I clicked a suspicious link](../../security/clicked-link.md)
"""

GUIDE = """\
---
title: I clicked a suspicious link
description: What to do straight away after clicking a link in a fake email.
tags: [security]
phrases: [clicked phishing link]
owner: Service Desk
reviewed: 2026-01-15
---

# I clicked a suspicious link

Do not worry. Act now and the harm stays small.

## What to do

1. Disconnect from the network.
2. Call the service desk.
"""


def write_course(root: Path, course: str = "staying-safe-online") -> Path:
    """A course folder with two lessons, a finish page and the guide the lessons link to."""
    folder = f"learn/{course}"
    write(root, f"{folder}/index.md", COURSE_INDEX)
    write(root, f"{folder}/spot-a-fake-email.md", LESSON)
    write(root, f"{folder}/lock-your-screen.md", SECOND_LESSON)
    write(root, f"{folder}/finished.md", FINISHED)
    write(root, "security/clicked-link.md", GUIDE)
    return root / folder
