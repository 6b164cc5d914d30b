/** The Spring Boot example: {@code ./run-demo.sh --spring}. */
package io.kompress.example;
