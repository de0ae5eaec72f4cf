package dev.charter.privacy.web;

import dev.charter.privacy.internal.ExportJobs;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An export file as an attachment that no cache keeps. */
final class Downloads {

    private Downloads() {}

    static ResponseEntity<byte[]> of(ExportJobs.Download d) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(d.filename()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(d.content());
    }
}
