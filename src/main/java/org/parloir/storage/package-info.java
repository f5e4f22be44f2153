/**
 * The database as a whole, below every context's own tables: what makes a committed write durable. Contexts do not
 * depend on this package; it only sets the database up.
 */
package org.parloir.storage;
