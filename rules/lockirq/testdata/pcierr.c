/* SPDX-License-Identifier: MIT */
/* PCI error recovery calls a driver's err_handler methods in task
 * context: a lock they take with plain spin_lock() that the device's
 * interrupt handler takes too. */
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/pci.h>

struct card {
	spinlock_t lock;
	int state;
};

static irqreturn_t card_irq(int irq, void *data)
{
	struct card *c = data;

	spin_lock(&c->lock);
	c->state++;
	spin_unlock(&c->lock);
	return IRQ_HANDLED;
}

static pci_ers_result_t card_error_detected(struct pci_dev *pdev, pci_channel_state_t state)
{
	struct card *c = pci_get_drvdata(pdev);

	spin_lock(&c->lock); /* want "inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage: &c->lock is taken with hardirqs enabled in card_error_detected\\(\\) and in hardirq context in card_irq\\(\\)" */
	c->state = 0;
	spin_unlock(&c->lock);
	return PCI_ERS_RESULT_NEED_RESET;
}

static const struct pci_error_handlers card_err_handler = {
	.error_detected = card_error_detected,
};

static int card_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct card *c = pci_get_drvdata(pdev);

	return request_irq(pdev->irq, card_irq, 0, "card", c);
}

static struct pci_driver card_driver = {
	.probe = card_probe,
	.err_handler = &card_err_handler,
};
